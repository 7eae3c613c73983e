import { describe, expect, it } from 'vitest';
import { chartTheme, withAlpha } from '../../../../renderer/src/components/charts/chart-theme';
import { HistoryColumns } from '../../../../renderer/src/stores/history-columns';
import {
  buildHostFreeChart,
  defaultThresholdsPct,
} from '../../../../renderer/src/components/charts/host-free-data';
import { buildPerfIndexChart } from '../../../../renderer/src/components/charts/perf-index-data';
import { buildVmMemoryChart, vmLayers } from '../../../../renderer/src/components/charts/vm-memory-data';
import type { StackedPoint } from '../../../../renderer/src/components/charts/vm-memory-data';
import { cssColor, vmColor } from '../../../../renderer/src/components/maps/map-colors';
import { zeroHostCounters, zeroVmCounters } from '../../../support/counter-fixtures';

const theme = chartTheme(false);

function columns(
  n: number,
  vm: (t: number) => Parameters<typeof zeroVmCounters>[1] = () => ({}),
): HistoryColumns {
  const cols = new HistoryColumns();
  for (let t = 0; t < n; t += 1) {
    const state = t < n / 2 ? 'high' : 'hard';
    cols.append([
      {
        timeS: t,
        host: zeroHostCounters({ tick: t, timeS: t, state, freeMiB: 5000 - t, minFreeMiB: 983 }),
        vms: [zeroVmCounters('a', { memszMiB: 4096, ...vm(t) }), zeroVmCounters('b', { perfIndex: 0.5 })],
      },
    ]);
  }
  return cols;
}

describe('host free chart data', () => {
  it('draws free memory and the four thresholds as minFree x pct', () => {
    const chart = buildHostFreeChart(columns(10), theme, defaultThresholdsPct);
    expect(chart.data.datasets.map((d) => d.label)).toEqual([
      'Free memory',
      'clear 100%',
      'soft 64%',
      'hard 32%',
      'low 16%',
    ]);
    expect(chart.data.datasets[0]?.data[3]).toEqual({ x: 3, y: 4997 });
    expect(chart.data.datasets[2]?.data[0]?.y).toBeCloseTo(983 * 0.64);
    expect(chart.bands.map((b) => b.state)).toEqual(['high', 'hard']);
    expect(chart.bandColors.hard).toBe(withAlpha(theme.states.hard, 0.14));
  });

  it('uses the scenario thresholds when given', () => {
    const chart = buildHostFreeChart(columns(4), theme, { clear: 200, soft: 100, hard: 50, low: 25 });
    expect(chart.data.datasets[1]?.data[0]?.y).toBe(983 * 2);
  });

  it('stays within the point budget for an hour of samples', () => {
    const chart = buildHostFreeChart(columns(3600), theme, defaultThresholdsPct, 300);
    for (const d of chart.data.datasets) expect(d.data.length).toBeLessThanOrEqual(2 * 2 * 300 + 2);
  });
});

describe('VM memory chart data', () => {
  it('splits backed memory into active, idle consumed and shared, and stacks reclaimed memory on top', () => {
    const cols = columns(3, (t) => ({
      grantMiB: 3000,
      shrdMiB: 500,
      actvMiB: 1000,
      mctlszMiB: 100 * t,
      zipMiB: 50,
      swcurMiB: 25,
    }));
    const layers = vmLayers(cols, 'a');
    expect(layers?.active[0]).toBe(1000);
    expect(layers?.idle[0]).toBe(1500);
    expect(layers?.shared[0]).toBe(500);
    expect(layers?.ballooned[2]).toBe(200);
    const chart = buildVmMemoryChart(cols, 'a', theme);
    const labels = chart.datasets.map((d) => d.label);
    expect(labels).toEqual([
      'Active',
      'Idle consumed',
      'Shared',
      'Ballooned',
      'Compressed',
      'Swapped (host)',
      'Configured (MEMSZ)',
      'Target (SZTGT)',
      'Estimated active (TCHD)',
    ]);
    const top = chart.datasets[5]?.data[2] as StackedPoint;
    expect(top.y).toBe(3000 + 200 + 50 + 25);
    expect(top.value).toBe(25);
    expect((chart.datasets[3]?.data[2] as StackedPoint).value).toBe(200);
    expect(chart.datasets[6]?.data[0]?.y).toBe(4096);
  });

  it('never counts more active memory than is privately backed', () => {
    const cols = columns(1, () => ({ grantMiB: 600, shrdMiB: 100, actvMiB: 2000 }));
    const layers = vmLayers(cols, 'a');
    expect(layers?.active[0]).toBe(500);
    expect(layers?.idle[0]).toBe(0);
  });

  it('is empty for an unknown VM', () => {
    expect(buildVmMemoryChart(columns(3), 'nope', theme).datasets).toEqual([]);
  });
});

describe('performance index chart data', () => {
  it('draws one line per VM in the VM colour of the maps', () => {
    const chart = buildPerfIndexChart(columns(5), theme, ['a', 'b']);
    expect(chart.datasets.map((d) => [d.label, d.borderColor])).toEqual([
      ['a', cssColor(vmColor(0, false))],
      ['b', cssColor(vmColor(1, false))],
    ]);
    expect(chart.datasets[1]?.data.every((p) => p.y === 0.5)).toBe(true);
  });
});
