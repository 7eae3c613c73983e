import { describe, expect, it } from 'vitest';
import { BoundedSeries } from '../../../core/import/bounded-series';
import { resample } from '../../../core/import/resample';
import { importTraceText } from '../../../core/import/trace-importer';
import { importPointBudget } from '../../../core/import/trace-collector';

describe('BoundedSeries', () => {
  it('keeps at most its capacity and merges evenly: means of equal-width buckets, max for max fields', () => {
    const s = new BoundedSeries(['mean', 'max'], 8);
    for (let i = 0; i < 64; i++) s.push(i, [i, i % 5]);
    expect(s.length).toBeLessThanOrEqual(8);
    expect(s.stride).toBe(8);
    expect(Array.from(s.times.subarray(0, s.length))).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);
    expect(s.valueAt(0, 0)).toBe(3.5);
    expect(s.valueAt(0, 7)).toBe(59.5);
    expect(s.valueAt(1, 0)).toBe(4);
  });

  it('leaves missing values out of a mean and keeps a bucket of only missing values missing', () => {
    const s = new BoundedSeries(['mean'], 2);
    s.push(0, [NaN]);
    s.push(1, [NaN]);
    s.push(2, [4]);
    s.push(3, [NaN]);
    expect(s.valueAt(0, 0)).toBeNaN();
    expect(s.valueAt(0, 1)).toBe(4);
  });

  it('resamples onto a coarser grid with weighted means', () => {
    const s = new BoundedSeries(['mean'], 100);
    for (let i = 0; i < 10; i++) s.push(100 + i * 5, [i]);
    const g = resample(s, 100, 20, 1000);
    expect(Array.from(g.cells)).toEqual([0, 1, 2]);
    expect(Array.from(g.fields[0]!)).toEqual([1.5, 5.5, 8.5]);
  });
});

describe('long traces', () => {
  it('a trace with more rows than a scenario may hold is resampled to fit the limits', () => {
    const rows = ['time_s,vm,memory_mib,demand_mib,active_pct'];
    // One VM may hold 100,000 samples: 110,000 one-second rows must become 55,000 of two seconds.
    for (let t = 0; t < 110_000; t++) rows.push(`${t},a,4096,${1000 + (t % 600)},30`);
    const { scenario, summary } = importTraceText([{ name: 'long.csv', text: rows.join('\n') }]);
    const points = scenario.vms.reduce(
      (n, vm) => n + (vm.workload.kind === 'trace' ? vm.workload.samples.length : 0),
      0,
    );
    expect(points).toBeLessThanOrEqual(importPointBudget);
    expect(summary.intervalS).toBe(1);
    expect(summary.resolutionS).toBe(2);
    expect(scenario.durationS).toBe(110_000);
  });
});
