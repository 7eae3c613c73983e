import { stringify } from 'csv-stringify/browser/esm/sync';
import type { SweepResultRow } from '../../../core/experiment/sweep-aggregate';
import type { SweepValue } from '../../../core/experiment/sweep-path';
import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';

function valueCell(value: SweepValue): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/**
 * The finished runs as results.csv lays them out (run_id, point_id, seed, each parameter by
 * its path, then the metrics; a row per run in the sweep's order: points, then seeds as
 * listed), so a sweep still running or cut short can be read in pandas or R too.
 */
export function sweepResultsCsv(status: SweepStatus, rows: readonly SweepResultRow[]): string {
  const seedOrder = new Map(status.seeds.map((s, i) => [s, i]));
  const sorted = [...rows].sort(
    (a, b) =>
      a.pointId.localeCompare(b.pointId) || (seedOrder.get(a.seed) ?? 0) - (seedOrder.get(b.seed) ?? 0),
  );
  const header = ['run_id', 'point_id', 'seed', ...status.parameters.map((p) => p.path), ...status.metrics];
  return stringify(
    [
      header,
      ...sorted.map((r) => [
        r.runId,
        r.pointId,
        String(r.seed),
        ...r.values.map(valueCell),
        ...status.metrics.map((m) => {
          const v = r.metrics[m];
          return v === null || v === undefined ? '' : String(v);
        }),
      ]),
    ],
    { eof: true, record_delimiter: '\n' },
  );
}
