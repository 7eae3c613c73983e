import { describe, expect, it } from 'vitest';
import type { SweepLine } from '../../../../core/experiment/sweep-aggregate';
import {
  formatMetric,
  heatColor,
  heatTextColor,
  lineChartModel,
  sweepMetricLabel,
} from '../../../../renderer/src/components/sweep/sweep-chart-data';

function line(seriesValue: number | null, xs: (number | string)[]): SweepLine {
  return {
    seriesValue,
    points: xs.map((x, i) => ({
      x,
      pointId: `p${i}`,
      mean: i + 0.5,
      min: i,
      max: i + 1,
      n: 2,
      runs: [],
    })),
  };
}

const style = (i: number) => ({ color: ['#111111', '#222222'][i]!, dash: i === 0 ? [] : [4, 2] });

describe('sweep chart data', () => {
  it('puts numbers on a number axis and texts at their index, each line named by its series value', () => {
    const lines = [line(12288, [0, 75]), line(16384, [0, 75])];
    const model = lineChartModel(lines, [0, 75], 'host.memoryMiB', style);
    expect(model).toMatchObject({ numeric: true, ticks: [0, 75], labels: ['0', '75'] });
    expect(model.series.map((s) => s.label)).toEqual(['host.memoryMiB = 12288', 'host.memoryMiB = 16384']);
    expect(model.series[1]).toMatchObject({
      color: '#222222',
      dash: [4, 2],
      mean: [
        { x: 0, y: 0.5 },
        { x: 75, y: 1.5 },
      ],
      min: [
        { x: 0, y: 0 },
        { x: 75, y: 1 },
      ],
      pointIds: ['p0', 'p1'],
    });
    const kinds = lineChartModel([line(null, ['esx', 'xen'])], ['esx', 'xen'], null, style);
    expect(kinds).toMatchObject({ numeric: false, ticks: [], labels: ['esx', 'xen'] });
    expect(kinds.series[0]!.label).toBe('mean over seeds');
    expect(kinds.series[0]!.mean.map((p) => p.x)).toEqual([0, 1]);
  });

  it('gives Chart.js arrays of its own: patching them leaves the lines alone', () => {
    const lines = [line(null, [1, 2])];
    const model = lineChartModel(lines, [1, 2], null, style);
    model.series[0]!.mean.push({ x: 3, y: 3 });
    model.series[0]!.mean[0]!.y = 99;
    expect(lines[0]!.points).toHaveLength(2);
    expect(lines[0]!.points[0]!.mean).toBe(0.5);
  });

  it('names metrics in words and writes values without noise', () => {
    expect(sweepMetricLabel('all_vms.perf_index_mean')).toBe('all VMs: performance index, mean');
    expect(sweepMetricLabel('host.time_soft_s')).toBe('host: time in soft, s');
    expect(sweepMetricLabel('vm.db.1.host_swapin_mib')).toBe('db.1: host swap-in, MiB');
    expect([
      formatMetric(0.83421),
      formatMetric(3.14159),
      formatMetric(42.26),
      formatMetric(12345.6),
    ]).toEqual(['0.834', '3.14', '42.3', '12346']);
  });

  it('runs the heat scale from dark violet to yellow, with readable text on both ends', () => {
    expect(heatColor(0)).toBe('rgb(68, 1, 84)');
    expect(heatColor(1)).toBe('rgb(253, 231, 37)');
    expect(heatColor(Number.NaN)).toBe(heatColor(0));
    expect(heatColor(2)).toBe(heatColor(1));
    expect([heatTextColor(0), heatTextColor(1)]).toEqual(['#ffffff', '#1d2330']);
  });
});
