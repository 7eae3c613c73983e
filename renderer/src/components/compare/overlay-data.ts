import type { ChartData } from 'chart.js';
import type { TimeRange } from '../../logic/time-range';
import type { HistoryColumns } from '../../stores/history-columns';
import { formatMiB } from '../charts/chart-format';
import { minMaxIndices, points } from '../charts/decimate';
import type { Point } from '../charts/decimate';
import type { TooltipRow } from '../charts/tooltip-rows';

/** One run drawn on the overlay charts, in its own colour and dash pattern. */
export interface OverlayRun {
  id: string;
  label: string;
  columns: HistoryColumns;
  color: string;
  /** Dash pattern, px (empty = solid). */
  dash: number[];
}

/** A quantity the overlay charts plot per run. */
export interface OverlayMetric {
  id: string;
  title: string;
  yTitle: string;
  format: (value: number) => string;
  /** y-axis bounds (perf index: 0..1); undefined = from the data. */
  yMax?: number;
  series: (cols: HistoryColumns) => ArrayLike<number>;
}

/** Dash patterns, one per run: solid, dashes, dots, dash-dot, long dashes. */
export const runDashes: readonly number[][] = [[], [7, 4], [2, 3], [9, 3, 2, 3], [14, 5]];
const lightColors = ['#2458c6', '#c25400', '#1d7a38', '#8e3fb5', '#b3261e'];
const darkColors = ['#6c9bff', '#f0883e', '#3fb950', '#bc8cff', '#ff7b72'];

/** Colour and dash of the i-th run: both differ, so runs stay apart in print and for colour-blind eyes. */
export function runStyle(index: number, dark: boolean): { color: string; dash: number[] } {
  const colors = dark ? darkColors : lightColors;
  return { color: colors[index % colors.length]!, dash: runDashes[index % runDashes.length]! };
}

const meanPerfCache = new WeakMap<HistoryColumns, { length: number; series: Float64Array }>();

/** Mean performance index over the VMs powered on at each sample (NaN when none is). */
export function meanPerfIndex(cols: HistoryColumns): Float64Array {
  const cached = meanPerfCache.get(cols);
  if (cached !== undefined && cached.length === cols.length) return cached.series;
  const n = cols.length;
  const sum = new Float64Array(n);
  const count = new Uint16Array(n);
  for (const id of cols.vmIds()) {
    const perf = cols.vmSeries(id, 'perfIndex');
    if (perf === null) continue;
    for (let i = 0; i < n; i += 1) {
      const v = perf[i] ?? Number.NaN;
      if (Number.isNaN(v)) continue;
      sum[i]! += v;
      count[i]! += 1;
    }
  }
  const series = new Float64Array(n);
  for (let i = 0; i < n; i += 1) series[i] = count[i]! > 0 ? sum[i]! / count[i]! : Number.NaN;
  meanPerfCache.set(cols, { length: n, series });
  return series;
}

export const overlayMetrics: readonly OverlayMetric[] = [
  {
    id: 'free',
    title: 'Host free memory',
    yTitle: 'free memory',
    format: formatMiB,
    series: (c) => c.hostSeries('freeMiB'),
  },
  {
    id: 'balloon',
    title: 'Ballooned memory',
    yTitle: 'balloon (all VMs)',
    format: formatMiB,
    series: (c) => c.hostSeries('mctlszMiB'),
  },
  {
    id: 'swapped',
    title: 'Host-swapped memory',
    yTitle: 'swapped (all VMs)',
    format: formatMiB,
    series: (c) => c.hostSeries('swcurMiB'),
  },
  {
    id: 'perf',
    title: 'Mean performance index',
    yTitle: 'performance index',
    format: (v) => v.toFixed(3),
    yMax: 1,
    series: meanPerfIndex,
  },
];

/**
 * One line per run of `metric`, min/max-decimated to `buckets` over the visible range, in
 * fresh arrays (Chart.js patches what it is given; the columns stay untouched).
 */
export function buildOverlay(
  runs: readonly OverlayRun[],
  metric: OverlayMetric,
  buckets: number,
  range: TimeRange | null,
): ChartData<'line', Point[]> {
  return {
    datasets: runs.map((run) => {
      const cols = run.columns;
      const window =
        range === null ? { start: 0, end: cols.length } : cols.indexRange(range.fromS, range.toS);
      const ys = metric.series(cols);
      const indices = minMaxIndices([ys], window.end, buckets, window.start);
      return {
        label: run.label,
        data: points(cols.timeSeries(), ys, indices, true),
        borderColor: run.color,
        backgroundColor: run.color,
        borderWidth: 1.75,
        borderDash: [...run.dash],
        fill: false,
      };
    }),
  };
}

/** The tooltip rows at `timeS`: each run's value at its sample nearest to that time. */
export function overlayRowsAt(
  runs: readonly OverlayRun[],
  metric: OverlayMetric,
  timeS: number,
): TooltipRow[] {
  return runs.map((run) => {
    const i = run.columns.indexAt(timeS);
    const v = i < 0 ? Number.NaN : (metric.series(run.columns)[i] ?? Number.NaN);
    return { label: run.label, value: Number.isNaN(v) ? '–' : metric.format(v), color: run.color };
  });
}

/** The run whose samples reach furthest: zoom limits and the tooltip's times follow it. */
export function longestRun(runs: readonly OverlayRun[]): OverlayRun | null {
  let best: OverlayRun | null = null;
  for (const run of runs) {
    const t = run.columns.timeSeries();
    const end = t[t.length - 1] ?? -1;
    const bestT = best?.columns.timeSeries();
    if (best === null || end > (bestT?.[bestT.length - 1] ?? -1)) best = run;
  }
  return best;
}
