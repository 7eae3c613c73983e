import type { VmCounters } from '../../../core/model/counters';
import { vmColumns } from '../../../core/trace/trace-columns';

type NumericVmKey = { [K in keyof VmCounters]: VmCounters[K] extends number ? K : never }[keyof VmCounters];

/** One esxtop-style column: the counter it shows and the tooltip that explains it. */
export interface EsxtopColumn {
  key: NumericVmKey;
  label: string;
  title: string;
  kind: 'mib' | 'rate' | 'ratio';
}

const kinds: Record<string, EsxtopColumn['kind']> = { MiB: 'mib', 'MiB/s': 'rate', '0..1': 'ratio' };

/**
 * The per-VM counters in esxtop order, built from the vms.csv column definitions so the table's
 * names and tooltips are the glossary's (docs/glossary.md#vmscsv).
 */
export const esxtopColumns: readonly EsxtopColumn[] = vmColumns.map(([, key, doc]) => ({
  key,
  label: doc.esxtop,
  kind: kinds[doc.unit] ?? 'ratio',
  title: `${doc.esxtop}: ${doc.meaning.replace(/\.$/, '')}${doc.unit === '0..1' ? '' : ` (${doc.unit})`}`,
}));

export type SortKey = NumericVmKey | 'id';
export interface SortState {
  key: SortKey;
  descending: boolean;
}

/** Sorted copy; ties keep VM id order so rows do not jump while counters tie. */
export function sortVmCounters(rows: readonly VmCounters[], sort: SortState): VmCounters[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    if (sort.key === 'id') return sign * byId;
    const d = a[sort.key] - b[sort.key];
    return d !== 0 ? sign * d : byId;
  });
}
