import { absCheck, claimCheck, fmt } from './validation-check';
import { balloonCapLab, balloonRateFloorLab, balloonRatesLab, compressionLab } from './validation-scenarios';
import { runScenario, seriesOf, vmSamples } from './scenario-run';
import { vmwBalloonDriver, vsphereResourceManagement } from './validation-sources';
import type { ValidationExperiment } from './validation-types';

/** Balloon size change per poll (1 s tick), in pages, of VM `vm` over a run. */
export function balloonStepsPages(mctlszMiB: readonly number[]): number[] {
  const out: number[] = [];
  let prev = 0;
  for (const m of mctlszMiB) {
    const pages = Math.round(m * 256);
    out.push(pages - prev);
    prev = pages;
  }
  return out;
}

/** The rate changes the legacy driver logs after a failed sleeping allocation: [before, after] pages/s. */
export function rateHalvings(messages: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const m of messages) {
    const r = /rate (\d+) -> (\d+) pages\/s/.exec(m);
    if (r) out.push([Number(r[1]), Number(r[2])]);
  }
  return out;
}

export const balloonRatesExperiment: ValidationExperiment = {
  id: 'balloon-rates',
  title: 'vmw_balloon inflate and deflate rates',
  claim:
    'The legacy driver inflates 16384 pages/s without sleeping, 512..2048 pages/s with sleeping allocations (halved on failure) and deflates 16384 pages/s.',
  source: vmwBalloonDriver,
  where: 'rate constants and adaptive rate (Linux before 4.20)',
  run() {
    const run = runScenario(balloonRatesLab);
    const steps = balloonStepsPages(vmSamples(run, 'v').map((c) => c.mctlszMiB));
    const inflating = steps.filter((d) => d > 0);
    // Once the guest has no free pages every poll allocates at the sleeping rate.
    const sleeping = steps.slice(90, 290).filter((d) => d > 0);
    const sleepMin = Math.min(...sleeping);
    const sleepMax = Math.max(...sleeping);
    const floorRun = runScenario(balloonRateFloorLab);
    const halvings = rateHalvings(
      floorRun.log.filter((l) => l.event === 'alloc-failed').map((l) => l.message),
    );
    const lastRate = halvings.at(-1)?.[1] ?? Number.NaN;
    return {
      checks: [
        absCheck('non-sleeping inflate, largest poll', 16384, Math.max(0, ...inflating), 0, 0, 'pages/s'),
        claimCheck(
          'sleeping inflate, every poll',
          '512..2048 pages/s',
          sleeping.length === 0 ? 'none' : `${sleepMin}..${sleepMax} pages/s (${sleeping.length} polls)`,
          'inside the range',
          sleeping.length > 100 && sleepMin >= 512 && sleepMax <= 2048,
        ),
        absCheck('deflate, largest poll', 16384, -Math.min(0, ...steps), 0, 0, 'pages/s'),
        claimCheck(
          'rate after failed allocations',
          'halved, floor 512 pages/s',
          halvings.length === 0
            ? 'no failure'
            : `${halvings[0]![0]} -> ${fmt(lastRate, 0)} pages/s (${halvings.length} failures)`,
          'exact',
          halvings.length > 0 &&
            halvings[0]![1] < halvings[0]![0] &&
            halvings.every(([, after]) => after === 512),
        ),
      ],
      chart: {
        xLabel: 'time (s)',
        yLabel: 'balloon change per poll (pages)',
        series: [{ name: 'vmw-legacy', points: steps.map((d, i) => [i + 1, d] as const) }],
        guides: [
          { y: 16384, label: '16384' },
          { y: 2048, label: '2048' },
          { y: -16384, label: '-16384' },
        ],
      },
    };
  },
};

export const balloonCapExperiment: ValidationExperiment = {
  id: 'balloon-cap',
  title: 'Balloon cap (Mem.CtlMaxPercent 65 %)',
  claim: 'A balloon never holds more than 65 % of its VM’s configured memory, whatever its target.',
  source: vsphereResourceManagement,
  where: 'Mem.CtlMaxPercent = 65',
  run() {
    const v = vmSamples(runScenario(balloonCapLab), 'v');
    const capMiB = 0.65 * 4096;
    const peak = Math.max(...v.map((c) => c.mctlszMiB));
    return {
      checks: [
        absCheck('MCTLMAX of a 4096 MiB VM', capMiB, v.at(-1)!.mctlmaxMiB, 0.05, 1, 'MiB'),
        claimCheck(
          'largest balloon, limit 512 MiB (wants 3584 MiB)',
          fmt(capMiB, 1, 'MiB'),
          fmt(peak, 1, 'MiB'),
          'never above, within 1 MiB',
          peak <= capMiB + 1e-9 && peak >= capMiB - 1,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'MiB',
        series: [
          { name: 'MCTLSZ', points: seriesOf(v, 2, (c) => c.mctlszMiB) },
          { name: 'MCTLTGT', points: seriesOf(v, 2, (c) => c.mctltgtMiB) },
        ],
        guides: [{ y: capMiB, label: '65 % cap' }],
      },
    };
  },
};

export const compressionExperiment: ValidationExperiment = {
  id: 'compression-cache',
  title: 'Compression cache (Mem.MemZipMaxPct 10 %)',
  claim: 'The compression cache of a VM holds at most 10 % of its memory; what does not fit is swapped.',
  source: vsphereResourceManagement,
  where: 'Mem.MemZipMaxPct = 10',
  run() {
    const run = runScenario(compressionLab);
    const capMiB = 0.1 * 2048;
    const ids = ['a', 'b', 'c'];
    const maxZip = Math.max(...ids.flatMap((id) => vmSamples(run, id).map((c) => c.zipMiB)));
    const swappedMiB = run.host.at(-1)!.swcurMiB;
    return {
      checks: [
        claimCheck(
          'largest compression cache of a 2048 MiB VM',
          fmt(capMiB, 1, 'MiB'),
          fmt(maxZip, 1, 'MiB'),
          'never above, within 1 MiB',
          maxZip <= capMiB + 1e-9 && maxZip >= capMiB - 1,
        ),
        claimCheck(
          'beyond the cache',
          'swapped',
          `${fmt(swappedMiB, 0, 'MiB')} swapped`,
          'more than 0',
          swappedMiB > 0,
        ),
      ],
      chart: {
        xLabel: 'time (min)',
        yLabel: 'MiB',
        series: [
          ...ids.map((id) => ({
            name: `${id} ZIP`,
            points: seriesOf(vmSamples(run, id), 15, (c) => c.zipMiB),
          })),
          { name: 'host SWCUR', points: seriesOf(run.host, 15, (h) => h.swcurMiB) },
        ],
        guides: [{ y: capMiB, label: '10 %' }],
      },
    };
  },
};
