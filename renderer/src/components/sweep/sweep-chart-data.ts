import type { SweepLine } from '../../../../core/experiment/sweep-aggregate';
import { valueLabel } from '../../../../core/experiment/sweep-aggregate';
import type { SweepValue } from '../../../../core/experiment/sweep-path';
import { metricLabel } from '../../logic/compare-table';

/** A sweep metric column in people's words: "all VMs: performance index, mean". */
export function sweepMetricLabel(column: string): string {
  const m = /^(host|all_vms|vm\.(.+))\.([a-z_]+)$/.exec(column);
  if (m === null) return column;
  const scope = m[1] === 'host' ? 'host' : m[1] === 'all_vms' ? 'all VMs' : m[2]!;
  return `${scope}: ${metricLabel(m[3]!)}`;
}

/** A metric value as the plot writes it: up to 4 significant decimals, no float noise. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  return abs >= 1000 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(abs >= 1 ? 2 : 3);
}

/** One line's three datasets: the band's lower and upper edges, then the mean. */
export interface LineSeries {
  label: string;
  color: string;
  dash: number[];
  /** {x, y} per point; x is the value (numbers) or its index on a category axis. */
  mean: { x: number; y: number }[];
  min: { x: number; y: number }[];
  max: { x: number; y: number }[];
  /** The point each mean vertex stands for. */
  pointIds: string[];
}

export interface LineChartModel {
  /** Whether x is a number axis (else categories, labelled by `labels`). */
  numeric: boolean;
  labels: string[];
  /** The x values on a number axis, ascending: the ticks when there are few. */
  ticks: number[];
  series: LineSeries[];
}

/**
 * The chart model of sweep lines: fresh arrays (Chart.js writes into the arrays it is given,
 * so none of them is shared with the store), x as the value on a number axis, or the value's
 * index when x holds texts or true/false.
 */
export function lineChartModel(
  lines: readonly SweepLine[],
  xValues: readonly SweepValue[],
  seriesPath: string | null,
  style: (index: number) => { color: string; dash: number[] },
): LineChartModel {
  const numeric = xValues.every((v) => typeof v === 'number');
  const labels = xValues.map(valueLabel);
  const xOf = (v: SweepValue) => (numeric ? (v as number) : xValues.indexOf(v));
  return {
    numeric,
    labels,
    ticks: numeric ? (xValues as number[]).slice() : [],
    series: lines.map((line, i) => ({
      label: seriesPath === null ? 'mean over seeds' : `${seriesPath} = ${valueLabel(line.seriesValue)}`,
      ...style(i),
      mean: line.points.map((p) => ({ x: xOf(p.x), y: p.mean })),
      min: line.points.map((p) => ({ x: xOf(p.x), y: p.min })),
      max: line.points.map((p) => ({ x: xOf(p.x), y: p.max })),
      pointIds: line.points.map((p) => p.pointId),
    })),
  };
}

/** Viridis at five stops: even steps of lightness, readable on light and dark, colour-blind safe. */
const viridis: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The colour of `t` in 0..1 on the heatmap's scale. */
export function heatColor(t: number): string {
  const c = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (viridis.length - 1);
  const i = Math.min(viridis.length - 2, Math.floor(c));
  const f = c - i;
  const [a, b] = [viridis[i]!, viridis[i + 1]!];
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Text colour readable on heatColor(t): dark on the light (yellow-green) end. */
export function heatTextColor(t: number): string {
  return t > 0.55 ? '#1d2330' : '#ffffff';
}

/** The CSS gradient of the legend, low to high. */
export function heatGradient(): string {
  return `linear-gradient(to right, ${viridis.map((_, i) => heatColor(i / (viridis.length - 1))).join(', ')})`;
}
