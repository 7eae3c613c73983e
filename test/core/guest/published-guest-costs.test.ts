import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../core/presets/presets';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { perfOver, runScenario } from './guest-run';

const roomyHost = { memoryMiB: 32_768 };

describe('published behaviour of the guest model', () => {
  it('a VM ballooned down to S MiB performs within 5% of the same VM configured with S MiB (Waldspurger 2002 §3.2: dbench 1.4-4.4%)', () => {
    const workload = { kind: 'steady' as const, demandMiB: 1800, activePct: 50, cacheMiB: 400 };
    for (const sizeMiB of [1536, 2048]) {
      const run = runScenario({
        durationS: 900,
        host: roomyHost,
        vms: [
          // The limit holds the balloon at 4096 - S MiB for the whole run.
          { id: 'ballooned', memoryMiB: 4096, limitMiB: sizeMiB, workload },
          { id: 'configured', memoryMiB: sizeMiB, workload },
        ],
      });
      const ballooned = perfOver(run, 'ballooned', 600, 900);
      const configured = perfOver(run, 'configured', 600, 900);
      expect(configured, `S = ${sizeMiB} MiB is below the working set plus file set`).toBeLessThan(0.99);
      expect(Math.abs(ballooned - configured) / configured, `S = ${sizeMiB} MiB`).toBeLessThan(0.05);
    }
  });

  it('throughput rises with configured memory until working set plus file set fit, then stays flat (the classic memory-throughput curve, as in Waldspurger 2002 Fig. 2)', () => {
    // Kernel 160 + application 1200 + file set 1500 MiB: everything fits from about 2.9 GiB on.
    const sizes = [1536, 2048, 2560, 3072, 3584, 4096];
    const run = runScenario({
      durationS: 900,
      host: roomyHost,
      vms: sizes.map((memoryMiB) => ({
        id: `m${memoryMiB}`,
        memoryMiB,
        workload: { kind: 'steady' as const, demandMiB: 1200, activePct: 40, cacheMiB: 1500 },
      })),
    });
    const perf = sizes.map((s) => perfOver(run, `m${s}`, 600, 900));
    for (let i = 1; i < perf.length; i++) expect(perf[i]!).toBeGreaterThanOrEqual(perf[i - 1]! - 0.01);
    expect(perf[0]!).toBeLessThan(perf[2]! - 0.1);
    expect(perf[2]!).toBeLessThan(0.99);
    for (const p of perf.slice(3)) expect(p).toBe(1);
  });

  it('with the idle memory tax at 75% the busy VM runs measurably faster than at 0%, once its working set exceeds its share (Waldspurger 2002 §5.2 / Fig. 7)', () => {
    const run = (id: string) => runScenario(getPreset(id)!.scenario as ScenarioInput);
    const taxed = run('idle-memory-tax');
    const untaxed = run('idle-memory-tax-off');
    // busy1 grows from 10 to 15 min; measure once it has settled.
    const on = perfOver(taxed, 'busy1', 1200, 3600);
    const off = perfOver(untaxed, 'busy1', 1200, 3600);
    expect(on).toBeGreaterThan(off + 0.03);
  });

  it('under equal reclaim ballooning beats hypervisor swapping, and a working set that fits beats one that does not (Waldspurger 2002 §3)', () => {
    const workload = { kind: 'steady' as const, demandMiB: 2600, activePct: 40, cacheMiB: 256 };
    const run = runScenario({
      durationS: 600,
      host: roomyHost,
      // Swapping, not compression: the comparison of §3 (the compression cache would soften the host's blind picks).
      policy: { compression: { enabled: false } },
      vms: [
        // Both must give up 456 MiB: one through its balloon, one (no driver) by random host swapping.
        { id: 'balloon', memoryMiB: 4096, limitMiB: 2560, workload },
        { id: 'hostswap', memoryMiB: 4096, limitMiB: 2560, balloonDriver: 'absent', workload },
        { id: 'fits', memoryMiB: 4096, workload: { ...workload, activePct: 30 } },
        { id: 'toobig', memoryMiB: 4096, workload: { ...workload, demandMiB: 5000, activePct: 90 } },
      ],
    });
    expect(perfOver(run, 'balloon', 300, 600)).toBeGreaterThan(perfOver(run, 'hostswap', 300, 600) + 0.1);
    expect(perfOver(run, 'fits', 300, 600)).toBeGreaterThan(perfOver(run, 'toobig', 300, 600) + 0.5);
  });
});
