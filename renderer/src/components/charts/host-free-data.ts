import type { ChartData } from 'chart.js';
import { hostStates } from '../../../../core/model/counters';
import type { HostState } from '../../../../core/model/counters';
import type { HistoryColumns } from '../../stores/history-columns';
import { formatMiB } from './chart-format';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import { minMaxIndices, points } from './decimate';
import type { Point } from './decimate';
import { computeStateBands, thresholdMiB } from './state-bands';
import type { StateBand } from './state-bands';
import { fullWindow } from './tooltip-rows';
import type { SampleWindow, TooltipRow } from './tooltip-rows';

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
  /** Bottom of the logarithmic axis (see logAxisMinMiB). */
  logMinMiB: number;
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
  window: SampleWindow = fullWindow(cols),
): HostFreeChart {
  const n = cols.length;
  const time = cols.timeSeries();
  const free = cols.hostSeries('freeMiB');
  const minFree = cols.hostSeries('minFreeMiB');
  const indices = minMaxIndices([free, minFree], window.end, buckets, window.start);
  const datasets: ChartData<'line', Point[]>['datasets'] = [
    {
      label: 'Free memory',
      data: points(time, free, indices),
      borderColor: theme.accent,
      backgroundColor: withAlpha(theme.accent, 0.15),
      borderWidth: 1.75,
      // 'start' fills down to the axis on a logarithmic scale too, where 0 is not on it.
      fill: 'start',
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
  return {
    data: { datasets },
    bands: computeStateBands(time, cols.stateSeries(), n),
    bandColors,
    logMinMiB: logAxisMinMiB(cols, thresholds),
  };
}

/**
 * The lowest value the logarithmic free-memory axis shows: half the lowest threshold, so that
 * the four thresholds (evenly spaced on a log axis: 16, 32, 64, 100 % of minFree) always fit
 * with room below them. Free memory under it is drawn at the bottom edge.
 */
export function logAxisMinMiB(
  cols: HistoryColumns,
  thresholds: ThresholdsPct = defaultThresholdsPct,
): number {
  const minFree = cols.hostSeries('minFreeMiB');
  let lowest = Infinity;
  for (let i = 0; i < minFree.length; i += 1) {
    const v = minFree[i] ?? 0;
    if (v > 0 && v < lowest) lowest = v;
  }
  if (!Number.isFinite(lowest)) return 1;
  const lowestPct = Math.min(thresholds.clear, thresholds.soft, thresholds.hard, thresholds.low);
  return Math.max(1, thresholdMiB(lowest, lowestPct) / 2);
}

/** The tooltip rows of sample `index`: free memory, the state and the thresholds it is judged by. */
export function hostFreeRowsAt(
  cols: HistoryColumns,
  index: number,
  theme: ChartTheme,
  thresholds: ThresholdsPct = defaultThresholdsPct,
): TooltipRow[] {
  if (index < 0 || index >= cols.length) return [];
  const minFree = cols.hostSeries('minFreeMiB')[index] ?? Number.NaN;
  const state = hostStates[cols.stateSeries()[index] ?? 0] ?? 'high';
  return [
    {
      label: 'Free memory',
      value: formatMiB(cols.hostSeries('freeMiB')[index] ?? Number.NaN),
      color: theme.accent,
    },
    { label: 'State', value: state, color: theme.states[state] },
    { label: 'minFree', value: formatMiB(minFree) },
    ...thresholdStates.map((s) => ({
      label: `${s} below (${thresholds[s]}%)`,
      value: formatMiB(thresholdMiB(minFree, thresholds[s])),
      color: theme.states[s],
    })),
  ];
}
