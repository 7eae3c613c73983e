import { hostStates } from '../model/counters';
import type { GridSeries } from './resample';
import { hostField, vmField, type VmField } from './trace-collector';

/** Recorded per-VM reclamation counters, by their vms.csv column and collected field. */
export const recordedVmColumns: readonly (readonly [column: string, field: VmField])[] = [
  ['mctlsz_mib', 'mctlsz'],
  ['swcur_mib', 'swcur'],
  ['zip_mib', 'zip'],
  ['shrdsvd_mib', 'shrdsvd'],
  ['sztgt_mib', 'sztgt'],
];

/**
 * The real host's reclamation counters an esxtop trace held, on the scenario's sample grid
 * (time 0 = the scenario's start), kept beside the scenario for the replay report.
 */
export interface RecordedTrace {
  resolutionS: number;
  vms: { id: string; grid: GridSeries }[];
  host: GridSeries | null;
  /** Columns that hold at least one value. */
  vmColumns: string[];
  hostColumns: string[];
}

export const recordedVmsHeader = ['time_s', 'vm', ...recordedVmColumns.map(([c]) => c)];
export const recordedHostHeader = ['time_s', 'pmem_mib', 'free_mib', 'state'];

/**
 * esxtop's free-memory state number as a state name: ESXi 6.0 and later count 0 high, 1 clear,
 * 2 soft, 3 hard, 4 low. Anything else stays the number.
 */
export function stateName(value: number): string {
  if (Number.isNaN(value)) return '';
  return Number.isInteger(value) && value >= 0 && value < hostStates.length
    ? hostStates[value]!
    : String(value);
}

function cell(v: number): string | number {
  return Number.isNaN(v) ? '' : Math.round(v * 100) / 100;
}

/** Rows of `<scenario>.recorded-vms.csv`, VM by VM in time order; empty cells where the trace had none. */
export function* recordedVmRows(r: RecordedTrace): Generator<(string | number)[]> {
  for (const { id, grid } of r.vms) {
    for (let k = 0; k < grid.cells.length; k++) {
      const values = recordedVmColumns.map(([, f]) => grid.fields[vmField[f]]![k]!);
      if (values.every((v) => Number.isNaN(v))) continue;
      yield [grid.cells[k]! * r.resolutionS, id, ...values.map(cell)];
    }
  }
}

/** Rows of `<scenario>.recorded-host.csv`. */
export function* recordedHostRows(r: RecordedTrace): Generator<(string | number)[]> {
  const g = r.host;
  if (g === null) return;
  for (let k = 0; k < g.cells.length; k++) {
    yield [
      g.cells[k]! * r.resolutionS,
      cell(g.fields[hostField.machine]![k]!),
      cell(g.fields[hostField.free]![k]!),
      stateName(g.fields[hostField.state]![k]!),
    ];
  }
}
