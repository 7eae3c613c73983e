import { describe, expect, it } from 'vitest';
import {
  balloonedSizesMiB,
  balloonedVsConfigured,
  idleTaxPerformance,
} from '../../../core/validation/experiments-guest';
import {
  balloonVsSwapLab,
  memoryCurveLab,
  memoryCurveSizesMiB,
} from '../../../core/validation/validation-scenarios';
import { perfOver, runScenario } from './guest-run';

describe('published behaviour of the guest model', () => {
  it('a VM ballooned down to S MiB performs within 5% of the same VM configured with S MiB (Waldspurger 2002 §3.2: dbench 1.4-4.4%)', () => {
    for (const sizeMiB of balloonedSizesMiB) {
      // The limit holds the balloon at 4096 - S MiB for the whole run.
      const { ballooned, configured } = balloonedVsConfigured(sizeMiB);
      expect(configured, `S = ${sizeMiB} MiB is below the working set plus file set`).toBeLessThan(0.99);
      expect(Math.abs(ballooned - configured) / configured, `S = ${sizeMiB} MiB`).toBeLessThan(0.05);
    }
  });

  it('throughput rises with configured memory until working set plus file set fit, then stays flat (the classic memory-throughput curve, as in Waldspurger 2002 Fig. 2)', () => {
    // Kernel 160 + application 1200 + file set 1500 MiB: everything fits from about 2.9 GiB on.
    const run = runScenario(memoryCurveLab);
    const perf = memoryCurveSizesMiB.map((s) => perfOver(run, `m${s}`, 600, 900));
    for (let i = 1; i < perf.length; i++) expect(perf[i]!).toBeGreaterThanOrEqual(perf[i - 1]! - 0.01);
    expect(perf[0]!).toBeLessThan(perf[2]! - 0.1);
    expect(perf[2]!).toBeLessThan(0.99);
    for (const p of perf.slice(3)) expect(p).toBe(1);
  });

  it('with the idle memory tax at 75% the busy VM runs measurably faster than at 0%, once its working set exceeds its share (Waldspurger 2002 §5.2 / Fig. 7)', () => {
    const { onMean, offMean } = idleTaxPerformance();
    expect(onMean).toBeGreaterThan(offMean + 0.03);
  });

  it('under equal reclaim ballooning beats hypervisor swapping, and a working set that fits beats one that does not (Waldspurger 2002 §3)', () => {
    // Both must give up 456 MiB: one through its balloon, one (no driver) by random host swapping.
    const run = runScenario(balloonVsSwapLab);
    expect(perfOver(run, 'balloon', 300, 600)).toBeGreaterThan(perfOver(run, 'hostswap', 300, 600) + 0.1);
    expect(perfOver(run, 'fits', 300, 600)).toBeGreaterThan(perfOver(run, 'toobig', 300, 600) + 0.5);
  });
});
