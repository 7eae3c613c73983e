import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { runScenario } from '../guest/guest-run';

/** Three identical Linux guests sharing across the host, overcommitted so the ESX pool is contended. */
const sharingFarm: ScenarioInput = {
  durationS: 240,
  host: { memoryMiB: 8192, largePages: false },
  policy: { kind: 'esx', pageSharing: { scope: 'host', scanTimeMin: 1, rateMaxPagesPerS: 1_048_576 } },
  vms: ['a', 'b', 'c'].map((id) => ({
    id,
    memoryMiB: 3072,
    workload: { kind: 'steady' as const, demandMiB: 2600, activePct: 30, osPct: 40 },
  })),
};

describe('ESX memory pool in machine memory', () => {
  it('counts a shared page at its part of a frame: SZTGTs sum to what the host can give, not to GRANT', () => {
    const run = runScenario(sharingFarm);
    const ids = [...run.samples.keys()];
    let checked = 0;
    let grantAbove = 0;
    run.host.forEach((h, t) => {
      if (h.shrdsvdMiB < 256) return;
      const vms = ids.map((id) => run.samples.get(id)![t]!);
      const machineForVms = h.pmemMiB - h.hypervisorMiB - h.overheadMiB - h.minFreeMiB;
      const sztgt = vms.reduce((s, v) => s + v.sztgtMiB, 0);
      const consumed = vms.reduce((s, v) => s + v.consumedMiB, 0);
      const grant = vms.reduce((s, v) => s + v.grantMiB, 0);
      // CONSUMED adds up to the machine memory the VMs use: GRANT minus the host's savings.
      expect(consumed).toBeCloseTo(grant - h.shrdsvdMiB, 3);
      // Targets are set each balance period from the memory of that moment: allow one period of change.
      expect(sztgt).toBeLessThanOrEqual(machineForVms + 64);
      if (grant > machineForVms + 64) grantAbove++;
      checked++;
    });
    expect(checked).toBeGreaterThan(30);
    // With shared pages counted at full size the targets would have had to exceed the host.
    expect(grantAbove).toBeGreaterThan(10);
  });
});
