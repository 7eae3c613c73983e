import type { ChartData } from 'chart.js';
import { hostStates } from '../../../../core/engine/engine-types';
import type { HostState } from '../../../../core/engine/engine-types';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import { minMaxIndices, points } from './decimate';
import type { Point } from './decimate';
import type { HistoryColumns } from './history-columns';
import { computeStateBands, thresholdMiB } from './state-bands';
import type { StateBand } from './state-bands';

/** Threshold percentages of minFree (scenario host.thresholdsPct; ESXi 6.0+ defaults). */
export interface ThresholdsPct {
  clear: number;
  soft: number;
  hard: number;
  low: number;
}

export const defaultThresholdsPct: ThresholdsPct = { clear: 100, soft: 64, hard: 32, low: 16 };

export const thresholdStates = ['clear', 'soft', 'hard', 'low'] as const satisfies readonly HostState[];

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) a[i] = i;
  return a;
}

export interface HostFreeChart {
  data: ChartData<'line', Point[]>;
  bands: StateBand[];
  bandColors: Record<HostState, string>;
}

/**
 * Free memory and the four thresholds (minFree x pct, per sample, since minFree can change),
 * decimated together, plus the state bands from the full-resolution states.
 */
export function buildHostFreeChart(
  cols: HistoryColumns,
  theme: ChartTheme,
  thresholds: ThresholdsPct = defaultThresholdsPct,
  buckets = 300,
): HostFreeChart {
  const n = cols.length;
  const time = cols.timeSeries();
  const free = cols.hostSeries('freeMiB');
  const minFree = cols.hostSeries('minFreeMiB');
  const indices = minMaxIndices([free, minFree], n, buckets);
  const datasets: ChartData<'line', Point[]>['datasets'] = [
    {
      label: 'Free memory',
      data: points(time, free, indices),
      borderColor: theme.accent,
      backgroundColor: withAlpha(theme.accent, 0.15),
      borderWidth: 1.75,
      fill: 'origin',
      order: 0,
    },
  ];
  for (const state of thresholdStates) {
    const pct = thresholds[state];
    const threshold = new Float64Array(indices.length);
    const xs = new Float64Array(indices.length);
    for (let k = 0; k < indices.length; k += 1) {
      const i = indices[k] ?? 0;
      xs[k] = time[i] ?? 0;
      threshold[k] = thresholdMiB(minFree[i] ?? 0, pct);
    }
    // minFree rarely changes: a dashed line of two points rasterises far cheaper than of hundreds.
    const data = points(xs, threshold, identity(indices.length), true);
    datasets.push({
      label: `${state} ${pct}%`,
      data,
      borderColor: theme.states[state],
      borderWidth: 1,
      borderDash: [5, 4],
      fill: false,
      order: 1,
    });
  }
  const bandColors = {} as Record<HostState, string>;
  for (const s of hostStates)
    bandColors[s] = withAlpha(theme.states[s], s === 'high' ? 0.06 : theme.dark ? 0.22 : 0.14);
  return { data: { datasets }, bands: computeStateBands(time, cols.stateSeries(), n), bandColors };
}
