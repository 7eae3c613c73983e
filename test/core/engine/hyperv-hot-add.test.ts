import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import { HOT_ADD_BLOCK_PAGES, pendingHotAddPages } from '../../../core/engine/hyperv-hot-add';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { parseScenario, parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { checkInvariants } from './invariants';

/** One Hyper-V guest booting with 1 GiB of a 4 GiB maximum, whose job grows to 2.5 GiB at 60 s. */
function hotAddLab(kind: 'hyperv' | 'esx'): ScenarioInput {
  return {
    durationS: 180,
    host: { memoryMiB: 8192, hypervisorMiB: 256 },
    policy: { kind },
    vms: [
      {
        id: 'w',
        memoryMiB: 4096,
        startupMiB: 1024,
        guestOs: 'linux',
        kernelMiB: 64,
        workload: {
          kind: 'phases',
          repeat: false,
          cacheMiB: 0,
          phases: [
            { durationS: 60, demandMiB: 300, activePct: 50 },
            { durationS: 120, demandMiB: 2500, activePct: 50 },
          ],
        },
      },
    ],
  };
}

describe('Hyper-V startup RAM and hot-add (Set-VMMemory -StartupBytes, hv_balloon)', () => {
  it('boots with its startup RAM and hot-adds 128 MiB blocks up to its maximum as demand grows', () => {
    const e = createEngine(parseScenarioOrThrow(hotAddLab('hyperv'))) as SimEngine;
    e.runUntil(5);
    const vm = e.world.byId.get('w')!;
    // The 3 GiB above startup RAM is not the guest's yet, and it is not counted as balloon; the
    // balloon may take the idle guest below its startup RAM, down to its minimum (512 MiB).
    expect(pendingHotAddPages(vm)).toBe(3 * 262_144);
    expect(e.vmCounters()[0]!.mctlszMiB).toBeLessThanOrEqual(512);
    expect(e.drainLog().some((l) => l.message.includes('startup RAM 1024.0 MiB'))).toBe(true);
    e.runUntil(60);
    expect(e.vmCounters()[0]!.grantMiB).toBeLessThanOrEqual(1024);
    e.runUntil(180);
    const log = e.drainLog().filter((l) => l.event === 'hot-add');
    expect(log.length).toBeGreaterThan(5);
    expect(log[0]!.message).toMatch(/^hv_balloon: hot-add 128\.0 MiB at 1024\.0 MiB/);
    // Target = committed x 1.2 (buffer 20%): about 3 GiB of the 4 GiB maximum, given in whole blocks.
    const given = vm.st.hotAddCursor;
    expect(given % HOT_ADD_BLOCK_PAGES).toBe(0);
    expect(given).toBeGreaterThan(2560 * 256);
    expect(given).toBeLessThan(4096 * 256);
    expect(e.vmCounters()[0]!.grantMiB).toBeGreaterThan(2500);
    checkInvariants(e);
  });

  it('ignores startup RAM unless the guest runs the Hyper-V balloon driver', () => {
    const e = createEngine(parseScenarioOrThrow(hotAddLab('esx'))) as SimEngine;
    e.runUntil(180);
    expect(pendingHotAddPages(e.world.byId.get('w')!)).toBe(0);
    expect(e.vmCounters()[0]!.grantMiB).toBeGreaterThan(2500);
  });

  it('refuses startup RAM above the maximum, naming the field', () => {
    const input = hotAddLab('hyperv');
    input.vms![0]!.startupMiB = 5000;
    const r = parseScenario(input);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues).toContainEqual({
        path: 'vms[0].startupMiB',
        message: expect.stringMatching(/above the VM's memoryMiB \(4096 MiB\)/),
      });
  });
});
