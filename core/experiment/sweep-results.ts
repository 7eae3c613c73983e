import type { RunSummary } from '../trace/summary';
import { metricCell, runMetrics } from './run-metrics';
import type { SweepValue } from './sweep-path';
import { leadResultColumns, type SweepPlan, type SweepRun } from './sweep-plan';

/** What a sweep keeps of one run: its place in the sweep, its metrics and its summary. */
export interface SweepRunResult {
  runId: string;
  pointId: string;
  seed: number;
  /** One value per parameter, in the sweep's order. */
  values: SweepValue[];
  /** Every metric of runMetrics by name. */
  metrics: Record<string, number | null>;
  summary: RunSummary;
}

/** The result of `run` from its summary. */
export function sweepRunResult(run: SweepRun, summary: RunSummary): SweepRunResult {
  return {
    runId: run.id,
    pointId: run.point.id,
    seed: run.seed,
    values: [...run.point.values],
    metrics: Object.fromEntries(runMetrics(summary).map((m) => [m.name, m.value])),
    summary,
  };
}

/** A parameter value as a results.csv cell. */
export function valueCell(value: SweepValue): string {
  return typeof value === 'number'
    ? String(value)
    : typeof value === 'string'
      ? value
      : value
        ? 'true'
        : 'false';
}

/**
 * The results.csv row of `run` (cells in plan.columns order), or why `result` does not
 * belong to it (another run, a metric missing): a result file from another sweep or a
 * damaged one is never written into the table.
 */
export function resultRow(plan: SweepPlan, run: SweepRun, result: SweepRunResult): string[] | string {
  if (result.runId !== run.id || result.pointId !== run.point.id || result.seed !== run.seed)
    return `holds run ${String(result.runId)}, not ${run.id}`;
  if (!Array.isArray(result.values) || result.values.length !== run.point.values.length)
    return 'has the wrong number of parameter values';
  if (!run.point.values.every((v, i) => result.values[i] === v))
    return 'has parameter values that differ from the sweep';
  const firstMetric = leadResultColumns.length + plan.parameters.length;
  const metrics: string[] = [];
  for (const column of plan.columns.slice(firstMetric)) {
    const value = result.metrics?.[column];
    if (value === undefined || (value !== null && typeof value !== 'number'))
      return `has no value for ${column}`;
    metrics.push(metricCell(value));
  }
  return [run.id, run.point.id, String(run.seed), ...run.point.values.map(valueCell), ...metrics];
}
