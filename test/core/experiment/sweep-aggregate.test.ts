import { describe, expect, it } from 'vitest';
import {
  axisOrder,
  sweepHeatmap,
  sweepLines,
  type SweepAxis,
  type SweepResultRow,
} from '../../../core/experiment/sweep-aggregate';
import type { SweepValue } from '../../../core/experiment/sweep-path';

const axes: SweepAxis[] = [
  { path: 'host.memoryMiB', values: [16384, 8192] },
  { path: 'policy.idleTaxPct', values: [0, 75] },
];

/** Two seeds per point; the metric is memory/1000 + tax/100 + seed/10, null for one run. */
function rows(): SweepResultRow[] {
  const out: SweepResultRow[] = [];
  let p = 0;
  for (const mem of axes[0]!.values)
    for (const tax of axes[1]!.values) {
      const pointId = `p000${p++}`;
      for (const seed of [1, 2])
        out.push({
          runId: `${pointId}-s${seed}`,
          pointId,
          seed,
          values: [mem, tax],
          metrics: {
            m:
              pointId === 'p0003' && seed === 2
                ? null
                : (mem as number) / 1000 + (tax as number) / 100 + seed / 10,
          },
        });
    }
  return out;
}

describe('sweep aggregation', () => {
  it('makes one line per series value, x ascending, mean with the seeds min and max', () => {
    const lines = sweepLines(axes, rows(), { metric: 'm', x: 0, series: 1 });
    expect(lines.map((l) => l.seriesValue)).toEqual([0, 75]);
    expect(lines[0]!.points.map((p) => [p.x, p.pointId, p.mean, p.min, p.max, p.n])).toEqual([
      [8192, 'p0002', expect.closeTo(8.342, 9), expect.closeTo(8.292, 9), expect.closeTo(8.392, 9), 2],
      [16384, 'p0000', expect.closeTo(16.534, 9), expect.closeTo(16.484, 9), expect.closeTo(16.584, 9), 2],
    ]);
    // A run without a value leaves its seed out of the point, not the point out of the line.
    const tax75at8192 = lines[1]!.points[0]!;
    expect(tax75at8192).toMatchObject({ pointId: 'p0003', n: 1, min: tax75at8192.max });
    expect(tax75at8192.runs).toEqual([
      { runId: 'p0003-s1', seed: 1, value: expect.closeTo(9.042, 9) },
      { runId: 'p0003-s2', seed: 2, value: null },
    ]);
  });

  it('holds the other parameters at a value, and draws one line without a series', () => {
    const held = sweepLines(axes, rows(), { metric: 'm', x: 0, series: null, fixed: { 1: 75 } });
    expect(held).toHaveLength(1);
    expect(held[0]!.points.map((p) => p.pointId)).toEqual(['p0003', 'p0001']);
    const first = sweepLines(axes, rows(), { metric: 'm', x: 1, series: null });
    expect(first[0]!.points.map((p) => p.pointId)).toEqual(['p0000', 'p0001']);
    expect(
      sweepLines(axes, rows(), { metric: 'nope', x: 0, series: 1 }).every((l) => l.points.length === 0),
    ).toBe(true);
  });

  it('makes heatmap cells row by row with the colour range, empty where nothing ran yet', () => {
    const partial = rows().filter((r) => r.pointId !== 'p0001');
    const map = sweepHeatmap(axes, partial, { metric: 'm', x: 1, series: 0 });
    expect(map.xValues).toEqual([0, 75]);
    expect(map.yValues).toEqual([8192, 16384]);
    expect(map.cells.map((c) => c?.pointId ?? null)).toEqual(['p0002', 'p0003', 'p0000', null]);
    expect(map.range!.min).toBeCloseTo(8.342, 9);
    expect(map.range!.max).toBeCloseTo(16.534, 9);
    expect(sweepHeatmap(axes, [], { metric: 'm', x: 1, series: 0 }).range).toBeNull();
  });

  it('orders numbers ascending and keeps texts as listed', () => {
    expect(axisOrder([3, 1, 2])).toEqual([1, 2, 3]);
    const kinds: SweepValue[] = ['xen', 'esx', true];
    expect(axisOrder(kinds)).toEqual(['xen', 'esx', true]);
  });
});
