import { getPreset } from '../presets/presets';
import type { ScenarioInput } from '../scenario/scenario-schema';
import { claimCheck, fmt } from './validation-check';
import {
  balloonedVsConfiguredLab,
  balloonVsSwapLab,
  memoryCurveLab,
  memoryCurveSizesMiB,
} from './validation-scenarios';
import { perfOver, runScenario, seriesOf, vmSamples } from './scenario-run';
import { waldspurger2002 } from './validation-sources';
import type { ValidationExperiment } from './validation-types';

/** The sizes at which a ballooned VM is compared with a VM configured that small. */
export const balloonedSizesMiB = [1536, 2048] as const;

/** Mean performance of the ballooned and the configured VM over their settled last 5 minutes. */
export function balloonedVsConfigured(sizeMiB: number): { ballooned: number; configured: number } {
  const run = runScenario(balloonedVsConfiguredLab(sizeMiB));
  return {
    ballooned: perfOver(run, 'ballooned', 600, 900),
    configured: perfOver(run, 'configured', 600, 900),
  };
}

const pct = (x: number) => fmt(100 * x, 1, '%');

export const balloonedVsConfiguredExperiment: ValidationExperiment = {
  id: 'ballooned-vs-configured',
  title: 'Ballooned vs configured smaller',
  claim:
    'A VM ballooned down to S MiB performs within a few percent of the same VM configured with S MiB (dbench: 1.4 to 4.4 %).',
  source: waldspurger2002,
  where: '§3.2, Figure 2',
  run() {
    const results = balloonedSizesMiB.map((s) => ({ s, ...balloonedVsConfigured(s) }));
    return {
      checks: results.map(({ s, ballooned, configured }) =>
        claimCheck(
          `S = ${s} MiB, performance gap`,
          'under 5 %',
          `${pct(Math.abs(ballooned - configured) / configured)} (index ${fmt(ballooned, 3)} vs ${fmt(configured, 3)})`,
          'under 5 %, VM constrained (index < 0.99)',
          configured < 0.99 && Math.abs(ballooned - configured) / configured < 0.05,
        ),
      ),
      chart: {
        xLabel: 'memory S (MiB)',
        yLabel: 'performance index',
        series: [
          { name: 'configured S', dots: true, points: results.map((r) => [r.s, r.configured] as const) },
          { name: 'ballooned to S', dots: true, points: results.map((r) => [r.s, r.ballooned] as const) },
        ],
      },
    };
  },
};

export const memoryCurveExperiment: ValidationExperiment = {
  id: 'memory-throughput-curve',
  title: 'Guest cost curve: memory vs throughput',
  claim:
    'Throughput rises with memory until the working set and file set fit, then stays flat (the shape of Figure 2’s configured-memory bars).',
  source: waldspurger2002,
  where: '§3.2, Figure 2',
  run() {
    const run = runScenario(memoryCurveLab);
    const perf = memoryCurveSizesMiB.map((s) => perfOver(run, `m${s}`, 600, 900));
    const rising = perf.every((p, i) => i === 0 || p >= perf[i - 1]! - 0.01);
    const fitFrom = memoryCurveSizesMiB.indexOf(3072);
    return {
      checks: [
        claimCheck(
          'rises, then flat',
          'non-decreasing',
          rising ? 'non-decreasing' : `falls: ${perf.map((p) => fmt(p, 3)).join(', ')}`,
          'steps within 0.01',
          rising && perf[0]! < perf[2]! - 0.1 && perf[2]! < 0.99,
        ),
        claimCheck(
          'once everything fits (from 3072 MiB)',
          'index 1',
          perf
            .slice(fitFrom)
            .map((p) => fmt(p, 3))
            .join(', '),
          'exactly 1',
          perf.slice(fitFrom).every((p) => p === 1),
        ),
      ],
      chart: {
        xLabel: 'configured memory (MiB)',
        yLabel: 'performance index',
        series: [{ name: 'simulated', points: memoryCurveSizesMiB.map((s, i) => [s, perf[i]!] as const) }],
      },
    };
  },
};

export const balloonVsSwapExperiment: ValidationExperiment = {
  id: 'balloon-vs-swap',
  title: 'Ballooning vs hypervisor swapping',
  claim:
    'Reclaimed by its balloon a VM loses less than when the hypervisor swaps the same amount at random; a working set that fits beats one that does not.',
  source: waldspurger2002,
  where: '§3, ballooning and demand paging',
  run() {
    const run = runScenario(balloonVsSwapLab);
    const p = (id: string) => perfOver(run, id, 300, 600);
    const ids = ['balloon', 'hostswap', 'fits', 'toobig'];
    return {
      checks: [
        claimCheck(
          'same reclaim: balloon vs host swap',
          'balloon faster',
          `${fmt(p('balloon'), 3)} vs ${fmt(p('hostswap'), 3)}`,
          'ahead by 0.1 or more',
          p('balloon') > p('hostswap') + 0.1,
        ),
        claimCheck(
          'working set fits vs does not',
          'fitting faster',
          `${fmt(p('fits'), 3)} vs ${fmt(p('toobig'), 3)}`,
          'ahead by 0.5 or more',
          p('fits') > p('toobig') + 0.5,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'performance index',
        series: ids.map((id) => ({ name: id, points: seriesOf(vmSamples(run, id), 15, (c) => c.perfIndex) })),
      },
    };
  },
};

/**
 * busy1's performance in the idle-memory-tax preset and its twin without the tax, over their
 * first 40 minutes: busy1 grows from 10 to 15 min and is measured from 20 min, once it has settled.
 */
export function idleTaxPerformance(): { on: number[]; off: number[]; onMean: number; offMean: number } {
  const run = (id: string) => runScenario({ ...(getPreset(id)!.scenario as ScenarioInput), durationS: 2400 });
  const on = run('idle-memory-tax');
  const off = run('idle-memory-tax-off');
  return {
    on: vmSamples(on, 'busy1').map((c) => c.perfIndex),
    off: vmSamples(off, 'busy1').map((c) => c.perfIndex),
    onMean: perfOver(on, 'busy1', 1200, 2400),
    offMean: perfOver(off, 'busy1', 1200, 2400),
  };
}

export const idleTaxPerformanceExperiment: ValidationExperiment = {
  id: 'idle-tax-performance',
  title: 'Idle memory tax: the active VM runs faster',
  claim:
    'With the tax at 75 % memory moves from idle to active VMs, and the active VM’s throughput rises compared with no tax.',
  source: waldspurger2002,
  where: '§5.2, Figure 7',
  run() {
    const r = idleTaxPerformance();
    return {
      checks: [
        claimCheck(
          'busy VM, tax 75 % vs 0 %',
          'faster with the tax',
          `${fmt(r.onMean, 3)} vs ${fmt(r.offMean, 3)}`,
          'ahead by 0.03 or more',
          r.onMean > r.offMean + 0.03,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'busy1 performance index',
        series: [
          { name: 'tax 75 %', points: seriesOf(r.on, 60, (x) => x) },
          { name: 'tax 0 %', points: seriesOf(r.off, 60, (x) => x) },
        ],
      },
    };
  },
};
