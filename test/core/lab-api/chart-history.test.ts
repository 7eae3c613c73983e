import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartHistoryOf, thinChartHistory } from '../../../core/lab-api/chart-history';
import type { TraceSample } from '../../../core/lab-api/lab-api-types';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';

function sampleAt(t: number): TraceSample {
  return {
    timeS: t,
    host: zeroHostCounters({ tick: t, timeS: t, freeMiB: 1000 - t, state: t % 3 === 0 ? 'soft' : 'high' }),
    vms: [
      zeroVmCounters('a', { consumedMiB: t * 2, poweredOn: t >= 2 }),
      zeroVmCounters('b', { perfIndex: 1 / (t + 1) }),
    ],
  };
}

describe('chart history', () => {
  it('holds each plotted series of the samples, NaN where a VM was off, the host state as an index', () => {
    const history = chartHistoryOf([0, 1, 2, 3].map(sampleAt), 5);
    expect(history.stride).toBe(5);
    expect(Array.from(history.timeS)).toEqual([0, 1, 2, 3]);
    expect(Array.from(history.host.freeMiB)).toEqual([1000, 999, 998, 997]);
    expect(Array.from(history.state)).toEqual([2, 0, 0, 2]);
    expect(history.vms.map((vm) => vm.id)).toEqual(['a', 'b']);
    expect(Array.from(history.vms[0]!.series.consumedMiB)).toEqual([NaN, NaN, 4, 6]);
    expect(history.vms[1]!.series.perfIndex[3]).toBe(0.25);
    expect(chartHistoryOf([]).vms).toEqual([]);
  });

  it('thinned, keeps every n-th sample of every series from the first, the stride multiplied', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (count, every) => {
        const samples = Array.from({ length: count }, (_, t) => sampleAt(t));
        const thinned = thinChartHistory(chartHistoryOf(samples, 2), every);
        const kept = samples.filter((_, i) => i % every === 0);
        expect(thinned).toEqual(chartHistoryOf(kept, 2 * every));
      }),
      { numRuns: 50 },
    );
  });
});
