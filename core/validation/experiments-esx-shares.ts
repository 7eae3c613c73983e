import { createEngine } from '../engine/create-engine';
import { parseScenarioOrThrow } from '../scenario/parse-scenario';
import type { ScenarioInput } from '../scenario/scenario-schema';
import { absCheck, claimCheck, fmt, meanStd, relCheck } from './validation-check';
import { idleTaxLab, samplingLab } from './validation-scenarios';
import { runScenario, seriesOf, vmSamples } from './scenario-run';
import { vsphereResourceManagement, waldspurger2002 } from './validation-sources';
import type { ValidationExperiment } from './validation-types';

/** minFree as the engine computes it for a host of `memoryMiB`. */
function engineMinFreeMiB(memoryMiB: number): number {
  const engine = createEngine(
    parseScenarioOrThrow({
      durationS: 1,
      host: { memoryMiB },
      vms: [{ id: 'v', memoryMiB: 256, workload: { kind: 'idle' } }],
    }),
  );
  engine.step(1);
  return engine.hostCounters().minFreeMiB;
}

export const minFreeExperiment: ValidationExperiment = {
  id: 'min-free',
  title: 'minFree sliding scale',
  claim: 'ESXi keeps 6 % of the first 4 GiB, 4 % of the next 8, 2 % of the next 16 and 1 % of the rest free.',
  source: vsphereResourceManagement,
  where: 'minFree (memory states)',
  run() {
    // Every point is an engine of that size: a few small hosts draw the bands, the two examples check them.
    const sizesGiB = [2, 4, 8, 12, 16, 20, 28];
    const points = sizesGiB.map((g) => [g, engineMinFreeMiB(g * 1024)] as const);
    const at16 = points[sizesGiB.indexOf(16)]![1];
    const at130607 = engineMinFreeMiB(130_607);
    return {
      checks: [
        absCheck('16 GiB host', 655.4, at16, 0.05, 1, 'MiB'),
        absCheck('130607 MiB host', 1920.5, at130607, 0.05, 1, 'MiB'),
      ],
      chart: {
        xLabel: 'host memory (GiB)',
        yLabel: 'minFree (MiB)',
        series: [
          { name: 'simulated', points: [...points, [130_607 / 1024, at130607]] },
          {
            name: 'published examples',
            dots: true,
            points: [
              [16, 655.4],
              [130_607 / 1024, 1920.5],
            ],
          },
        ],
      },
    };
  },
};

function idleTaxRun(idleTaxPct: number) {
  const run = runScenario(idleTaxLab(idleTaxPct));
  return { run, idle: vmSamples(run, 'idle'), busy: vmSamples(run, 'busy') };
}

export const idleTaxOffExperiment: ValidationExperiment = {
  id: 'idle-tax-0',
  title: 'Idle memory tax off: equal split',
  claim: 'With tax rate 0 an idle and an active VM of equal shares end with equal allocations (M / 2 each).',
  source: waldspurger2002,
  where: '§5.2, idle memory tax',
  run() {
    const { idle, busy } = idleTaxRun(0);
    const i = idle.at(-1)!;
    const b = busy.at(-1)!;
    return {
      checks: [
        absCheck('allocation target idle / busy (SZTGT)', 1, i.sztgtMiB / b.sztgtMiB, 0.01, 3),
        absCheck('memory held idle / busy (CONSUMED)', 1, i.consumedMiB / b.consumedMiB, 0.15, 3),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'MiB',
        series: [
          { name: 'idle SZTGT', points: seriesOf(idle, 30, (c) => c.sztgtMiB) },
          { name: 'busy SZTGT', points: seriesOf(busy, 30, (c) => c.sztgtMiB) },
          { name: 'idle CONSUMED', points: seriesOf(idle, 30, (c) => c.consumedMiB) },
        ],
      },
    };
  },
};

export const idleTaxOnExperiment: ValidationExperiment = {
  id: 'idle-tax-75',
  title: 'Idle memory tax 75 % (flat): equilibrium',
  claim:
    'With the flat tax at 75 % (k = 4), the tax of the paper, the idle VM of two with equal shares settles at (M + 3 A) / 5, A its active memory.',
  source: waldspurger2002,
  where: '§5.2, idle memory tax',
  run() {
    const { idle, busy } = idleTaxRun(75);
    const i = idle.at(-1)!;
    const b = busy.at(-1)!;
    // M is machine memory, as SZTGT is: CONSUMED counts a shared page at its part of a frame.
    const expected = (i.consumedMiB + b.consumedMiB + 3 * i.tchdMiB) / 5;
    return {
      checks: [
        relCheck('idle SZTGT vs (M + 3A) / 5', expected, i.sztgtMiB, 5, 0, 'MiB'),
        relCheck('idle CONSUMED vs (M + 3A) / 5', expected, i.consumedMiB, 15, 0, 'MiB'),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'MiB',
        series: [
          { name: 'idle SZTGT', points: seriesOf(idle, 30, (c) => c.sztgtMiB) },
          { name: 'idle CONSUMED', points: seriesOf(idle, 30, (c) => c.consumedMiB) },
          { name: 'busy SZTGT', points: seriesOf(busy, 30, (c) => c.sztgtMiB) },
        ],
        guides: [{ y: expected, label: '(M + 3A) / 5' }],
      },
    };
  },
};

/** Two equally idle VMs, one with high shares (20 per MiB), one with normal (10), without the tax. */
const sharesLab: ScenarioInput = {
  durationS: 90,
  host: { memoryMiB: 4096 },
  policy: { idleTaxPct: 0 },
  vms: (['high', 'normal'] as const).map((shares) => ({
    id: shares,
    memoryMiB: 3072,
    shares,
    workload: { kind: 'steady' as const, demandMiB: 2500, activePct: 10, cacheMiB: 0 },
  })),
};

export const sharesExperiment: ValidationExperiment = {
  id: 'esx-shares',
  title: 'ESX shares: proportional allocation',
  claim:
    'Min-funding revocation without the idle tax gives VMs memory in proportion to their shares (high = 2 x normal).',
  source: waldspurger2002,
  where: '§5.1, min-funding revocation; shares 5/10/20 per MiB (vSphere)',
  run() {
    const run = runScenario(sharesLab);
    const high = vmSamples(run, 'high');
    const normal = vmSamples(run, 'normal');
    const ratio = high.at(-1)!.sztgtMiB / normal.at(-1)!.sztgtMiB;
    return {
      checks: [relCheck('allocation target high / normal (SZTGT)', 2, ratio, 5, 2)],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'MiB',
        series: [
          { name: 'high SZTGT', points: seriesOf(high, 10, (c) => c.sztgtMiB) },
          { name: 'normal SZTGT', points: seriesOf(normal, 10, (c) => c.sztgtMiB) },
        ],
      },
    };
  },
};

/** Binomial(n, p) probabilities of 0..n. */
function binomial(n: number, p: number): number[] {
  const out: number[] = [(1 - p) ** n];
  for (let k = 1; k <= n; k++) out.push((out[k - 1]! * (n - k + 1) * p) / (k * (1 - p)));
  return out;
}

export const samplingExperiment: ValidationExperiment = {
  id: 'sampling-error',
  title: 'Working-set sampling error',
  claim:
    'Sampling n = 100 random pages per period estimates the active fraction f with standard error sqrt(f (1 - f) / n).',
  source: waldspurger2002,
  where: '§5.3, measuring idle memory',
  run() {
    const engine = createEngine(parseScenarioOrThrow(samplingLab));
    const fs: number[] = [];
    let actvMiB = 0;
    while (engine.tick < engine.endTick) {
      engine.step(100);
      for (const line of engine.drainLog()) {
        const m = /sampled (\d+)\/(\d+) pages/.exec(line.message);
        if (line.event === 'estimate' && m && line.timeS > 200) fs.push(Number(m[1]) / Number(m[2]));
      }
      actvMiB = engine.vmCounters()[0]!.actvMiB;
    }
    const f = actvMiB / engine.vmCounters()[0]!.memszMiB;
    const expectedStd = Math.sqrt((f * (1 - f)) / 100);
    const { mean, std } = meanStd(fs);
    const counts = new Array<number>(101).fill(0);
    for (const x of fs) counts[Math.round(x * 100)]!++;
    const pmf = binomial(100, f);
    const bins = counts.map((_, k) => k).filter((k) => Math.abs(k / 100 - f) <= 4 * expectedStd);
    return {
      checks: [
        absCheck('mean sampled fraction vs true f', f, mean, 0.01, 3),
        claimCheck(
          `standard error (${fs.length} periods)`,
          fmt(expectedStd, 4),
          fmt(std, 4),
          'within 15 %',
          Math.abs(std / expectedStd - 1) <= 0.15 && fs.length > 700,
        ),
      ],
      chart: {
        xLabel: 'sampled active fraction f',
        yLabel: 'periods',
        series: [
          { name: 'simulated periods', dots: true, points: bins.map((k) => [k / 100, counts[k]!] as const) },
          { name: 'binomial(100, f)', points: bins.map((k) => [k / 100, pmf[k]! * fs.length] as const) },
        ],
      },
    };
  },
};
