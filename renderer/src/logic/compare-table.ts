import { stringify } from 'csv-stringify/browser/esm/sync';
import { runMetrics, type RunMetric } from '../../../core/experiment/run-metrics';
import type { RunSummary } from '../../../core/trace/summary';

/** A run as the comparison table sees it: its legend name and its summary (null while it runs). */
export interface TableRun {
  label: string;
  summary: RunSummary | null;
}

/** One row: a metric of the host, of all VMs or of one VM, in every run, with the change from the first run. */
export interface CompareRow {
  /** The metric's column name (`host.time_soft_s`, `vm.app1.perf_index_min`). */
  name: string;
  /** `host`, `all VMs` or the VM's id. */
  scope: string;
  metric: string;
  values: (number | null)[];
  /** value - first run's value; null for the first run and where either has none. */
  deltas: (number | null)[];
}

const metricNames: Record<string, string> = {
  perf_index_mean: 'performance index, mean',
  perf_index_min: 'performance index, lowest',
  host_swapin_mib: 'host swap-in, MiB',
  guest_swapin_mib: 'guest swap-in, MiB',
  balloon_mib_h: 'balloon, MiB-hours',
  free_mean_mib: 'free memory, mean MiB',
  shrdsvd_mean_mib: 'shared saving, mean MiB',
  mctlsz_mean_mib: 'balloon, mean MiB',
  swcur_mean_mib: 'swapped, mean MiB',
  zip_mean_mib: 'compressed, mean MiB',
  overcommit: 'overcommit ratio',
};

/** A metric id in people's words ("time_soft_s" -> "time in soft, s"). */
export function metricLabel(metric: string): string {
  const state = /^time_(\w+)_s$/.exec(metric);
  if (state) return `time in ${state[1]}, s`;
  return metricNames[metric] ?? metric;
}

/**
 * A summary value for the table: decimals by magnitude (1,189.3 MiB, 13.52 s, 0.987), so a
 * column's numbers line up; the CSV export keeps every digit.
 */
export function formatMetric(value: number): string {
  const abs = Math.abs(value);
  const decimals = Number.isInteger(value) ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Differences are rounded like the values (at most 4 decimals), so 0.1 - 0.3 shows -0.2. */
function difference(a: number, b: number): number {
  return Math.round((a - b) * 1e4) / 1e4;
}

/**
 * The table rows of runs' summaries: the host's metrics, all VMs', then each VM's (the union
 * of the runs' VMs, in the order met), each with its value per run and the change from the
 * first run. Runs still going (no summary) have no values.
 */
export function compareRows(runs: readonly TableRun[]): CompareRow[] {
  const perRun = runs.map(
    (r) => new Map((r.summary === null ? [] : runMetrics(r.summary)).map((m) => [m.name, m])),
  );
  const order = new Map<string, RunMetric>();
  for (const metrics of perRun) for (const [name, m] of metrics) if (!order.has(name)) order.set(name, m);
  return [...order.values()].map((m) => {
    const values = perRun.map((metrics) => metrics.get(m.name)?.value ?? null);
    const first = values[0] ?? null;
    return {
      name: m.name,
      scope: m.scope === 'host' ? 'host' : m.scope === 'all_vms' ? 'all VMs' : (m.vmId ?? ''),
      metric: m.metric,
      values,
      deltas: values.map((v, i) => (i === 0 || v === null || first === null ? null : difference(v, first))),
    };
  });
}

/** The table as CSV: one row per metric, each run's value, then each later run's change from the first. */
export function compareCsv(runs: readonly TableRun[]): string {
  const rows = compareRows(runs);
  const header = [
    'metric',
    'scope',
    ...runs.map((r) => r.label),
    ...runs.slice(1).map((r) => `${r.label} - ${runs[0]?.label ?? ''}`),
  ];
  const cell = (v: number | null) => (v === null ? '' : String(v));
  return stringify(
    [header, ...rows.map((r) => [r.name, r.scope, ...r.values.map(cell), ...r.deltas.slice(1).map(cell)])],
    { eof: true, record_delimiter: '\n' },
  );
}
