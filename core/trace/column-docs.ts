import { hostStates } from '../model/counters';
import { logLevels, logSources } from '../model/log-line';

/** Units of trace columns: MiB, MiB per simulated second, simulated seconds, a 0..1 ratio, a plain ratio or text. */
export type ColumnUnit = 'MiB' | 'MiB/s' | 's' | '0..1' | 'ratio' | 'count' | 'text';

/**
 * What a column means, kept next to its definition so the CSV glossary (docs/glossary.md) and
 * the esxtop table's tooltips are generated from the same place as the headers.
 */
export interface ColumnDoc {
  /** esxtop's name for the counter; the lab's own counters get esxtop-style names (GSWAP, PERF). */
  esxtop?: string;
  unit: ColumnUnit;
  meaning: string;
}

/** A column that is not a numeric counter (time, ids, states, log text). */
export type PlainColumn = readonly [column: string, doc: ColumnDoc];

/** `a, b or c` */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}

const timeColumn: PlainColumn = ['time_s', { unit: 's', meaning: 'Simulated time of the sample.' }];

/** vms.csv columns before the counters. */
export const vmLeadColumns: readonly PlainColumn[] = [
  timeColumn,
  ['vm', { unit: 'text', meaning: 'Id of the VM (one row per VM and sample, VMs in id order).' }],
];

/** host.csv columns before the counters. */
export const hostLeadColumns: readonly PlainColumn[] = [
  timeColumn,
  ['state', { unit: 'text', meaning: `Free-memory state: ${orList(hostStates)}.` }],
];

/** log.csv columns: one row per line of the VMs' driver logs and the host's log. */
export const logColumns: readonly PlainColumn[] = [
  ['time_s', { unit: 's', meaning: 'Simulated time the line was written.' }],
  ['vm', { unit: 'text', meaning: 'Id of the VM whose log the line belongs to; empty for host-wide lines.' }],
  [
    'source',
    {
      unit: 'text',
      meaning: `Who wrote the line: ${orList(logSources)}.`,
    },
  ],
  ['level', { unit: 'text', meaning: `Severity: ${orList(logLevels)}.` }],
  [
    'event',
    {
      unit: 'text',
      meaning: 'Short machine-readable kind of line, e.g. inflate, target, admission-failed, state.',
    },
  ],
  ['message', { unit: 'text', meaning: 'The line as the log view shows it, numbers included.' }],
];
