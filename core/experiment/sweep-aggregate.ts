import type { SweepValue } from './sweep-path';

/** One run of a sweep as the plot needs it: its place in the sweep and its metrics. */
export interface SweepResultRow {
  runId: string;
  pointId: string;
  seed: number;
  /** One value per parameter, in the sweep's order. */
  values: SweepValue[];
  /** Every metric of runMetrics by name (null: no value, such as a VM that never ran). */
  metrics: Record<string, number | null>;
}

/** A swept parameter: its path and its values in the sweep's order. */
export interface SweepAxis {
  path: string;
  values: readonly SweepValue[];
}

/** What to plot: a metric against parameter `x`, split by parameter `series` (or not). */
export interface SweepSelection {
  metric: string;
  /** Index of the parameter on the x axis. */
  x: number;
  /** Index of the parameter that makes one line per value (or the heatmap's y axis); null for one line. */
  series: number | null;
  /** The value every other parameter is held at (by parameter index); missing ones: the first value. */
  fixed?: Readonly<Record<number, SweepValue>>;
}

/** A point of the sweep (one combination of values), summed up over its seeds. */
export interface SweepStat {
  pointId: string;
  /** Mean, lowest and highest value of the metric over the seeds that have one. */
  mean: number;
  min: number;
  max: number;
  /** Seeds with a value. */
  n: number;
  /** The point's runs, seeds in their order, with their values (null: none). */
  runs: { runId: string; seed: number; value: number | null }[];
}

export interface SweepLinePoint extends SweepStat {
  x: SweepValue;
}

/** One line of the plot: the points of one value of the series parameter, in x order. */
export interface SweepLine {
  /** The series parameter's value, or null when there is no series parameter. */
  seriesValue: SweepValue | null;
  points: SweepLinePoint[];
}

export interface SweepHeatmap {
  xValues: SweepValue[];
  yValues: SweepValue[];
  /** Row-major from the first y value: cells[yi * xValues.length + xi]; null where no run has a value. */
  cells: (SweepStat | null)[];
  /** Lowest and highest cell mean; null when no cell has one. */
  range: { min: number; max: number } | null;
}

/** The values of an axis in plot order: numbers ascending, anything else as listed. */
export function axisOrder(values: readonly SweepValue[]): SweepValue[] {
  return values.every((v) => typeof v === 'number')
    ? [...values].sort((a, b) => (a as number) - (b as number))
    : [...values];
}

/** The value parameter `i` is held at when it is neither x nor the series. */
function heldValue(axes: readonly SweepAxis[], selection: SweepSelection, i: number): SweepValue | undefined {
  return selection.fixed?.[i] ?? axes[i]?.values[0];
}

/** The rows the selection shows: every parameter other than x and the series at its held value. */
function selectedRows(
  axes: readonly SweepAxis[],
  rows: readonly SweepResultRow[],
  selection: SweepSelection,
): SweepResultRow[] {
  return rows.filter((row) =>
    axes.every(
      (_, i) =>
        i === selection.x || i === selection.series || row.values[i] === heldValue(axes, selection, i),
    ),
  );
}

function statOf(pointId: string, runs: readonly SweepResultRow[], metric: string): SweepStat | null {
  const listed = runs.map((r) => ({ runId: r.runId, seed: r.seed, value: r.metrics[metric] ?? null }));
  const values = listed.flatMap((r) => (r.value === null || !Number.isFinite(r.value) ? [] : [r.value]));
  if (values.length === 0) return null;
  return {
    pointId,
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
    runs: listed,
  };
}

/** Runs grouped by the key of their x and series values, in row order. */
function groups(
  rows: readonly SweepResultRow[],
  key: (row: SweepResultRow) => string,
): Map<string, SweepResultRow[]> {
  const out = new Map<string, SweepResultRow[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list === undefined) out.set(k, [row]);
    else list.push(row);
  }
  return out;
}

const keyOf = (...values: (SweepValue | undefined)[]): string => JSON.stringify(values);

/**
 * The lines of a sweep plot: `metric` against parameter `x`, one line per value of the series
 * parameter (one line without one), each point the mean over its seeds with their min and max
 * (the band). Parameters other than x and the series are held at one value each. Points where
 * no seed has a value are left out (a gap in the line).
 */
export function sweepLines(
  axes: readonly SweepAxis[],
  rows: readonly SweepResultRow[],
  selection: SweepSelection,
): SweepLine[] {
  const xAxis = axes[selection.x];
  if (xAxis === undefined) return [];
  const seriesAxis = selection.series === null ? undefined : axes[selection.series];
  const grouped = groups(selectedRows(axes, rows, selection), (r) =>
    keyOf(r.values[selection.x], selection.series === null ? undefined : r.values[selection.series]),
  );
  const seriesValues: (SweepValue | null)[] = seriesAxis === undefined ? [null] : [...seriesAxis.values];
  return seriesValues.map((s) => ({
    seriesValue: s,
    points: axisOrder(xAxis.values).flatMap((x) => {
      const runs = grouped.get(keyOf(x, s ?? undefined)) ?? [];
      const stat = statOf(runs[0]?.pointId ?? '', runs, selection.metric);
      return stat === null ? [] : [{ ...stat, x }];
    }),
  }));
}

/**
 * The heatmap of `metric` over parameters `x` (columns) and `series` (rows): each cell the
 * mean over its seeds, with the colour range of all cells.
 */
export function sweepHeatmap(
  axes: readonly SweepAxis[],
  rows: readonly SweepResultRow[],
  selection: SweepSelection & { series: number },
): SweepHeatmap {
  const xValues = axisOrder(axes[selection.x]?.values ?? []);
  const yValues = axisOrder(axes[selection.series]?.values ?? []);
  const grouped = groups(selectedRows(axes, rows, selection), (r) =>
    keyOf(r.values[selection.x], r.values[selection.series]),
  );
  const cells = yValues.flatMap((y) =>
    xValues.map((x) => {
      const runs = grouped.get(keyOf(x, y)) ?? [];
      return statOf(runs[0]?.pointId ?? '', runs, selection.metric);
    }),
  );
  const means = cells.flatMap((c) => (c === null ? [] : [c.mean]));
  return {
    xValues,
    yValues,
    cells,
    range: means.length === 0 ? null : { min: Math.min(...means), max: Math.max(...means) },
  };
}

/** A parameter value as the plot writes it. */
export function valueLabel(value: SweepValue | null): string {
  return value === null ? '' : typeof value === 'string' ? value : String(value);
}
