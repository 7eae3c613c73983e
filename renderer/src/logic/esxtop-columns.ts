import type { VmCounters } from '../../../core/engine/engine-types';

type NumericVmKey = { [K in keyof VmCounters]: VmCounters[K] extends number ? K : never }[keyof VmCounters];

/** One esxtop-style column: the counter it shows and the tooltip that explains it. */
export interface EsxtopColumn {
  key: NumericVmKey;
  label: string;
  title: string;
  kind: 'mib' | 'rate' | 'ratio';
}

/** The per-VM counters of DESIGN.md §2, in esxtop order. */
export const esxtopColumns: readonly EsxtopColumn[] = [
  { key: 'memszMiB', label: 'MEMSZ', kind: 'mib', title: 'MEMSZ: configured memory of the VM (MiB)' },
  {
    key: 'grantMiB',
    label: 'GRANT',
    kind: 'mib',
    title: 'GRANT: guest memory mapped to machine memory, shared pages counted per guest (MiB)',
  },
  {
    key: 'sztgtMiB',
    label: 'SZTGT',
    kind: 'mib',
    title:
      'SZTGT: allocation target the hypervisor computed from shares, reservation, limit and the idle memory tax (MiB)',
  },
  {
    key: 'tchdMiB',
    label: 'TCHD',
    kind: 'mib',
    title: "TCHD: active memory as estimated by the memory monitor's page sampling (MiB)",
  },
  {
    key: 'actvMiB',
    label: 'ACTV',
    kind: 'mib',
    title: "ACTV: the workload's true active memory, which the estimate (TCHD) tries to find (MiB)",
  },
  {
    key: 'consumedMiB',
    label: 'CONSUMED',
    kind: 'mib',
    title: 'CONSUMED: machine memory the VM consumes, shared pages counted once (MiB)',
  },
  {
    key: 'mctlszMiB',
    label: 'MCTLSZ',
    kind: 'mib',
    title: 'MCTLSZ: memory currently reclaimed by the balloon driver (MiB)',
  },
  {
    key: 'mctltgtMiB',
    label: 'MCTLTGT',
    kind: 'mib',
    title: 'MCTLTGT: balloon size the hypervisor wants (MiB)',
  },
  {
    key: 'mctlmaxMiB',
    label: 'MCTLMAX',
    kind: 'mib',
    title: 'MCTLMAX: largest balloon allowed (Mem.CtlMaxPercent of configured memory, MiB)',
  },
  {
    key: 'swcurMiB',
    label: 'SWCUR',
    kind: 'mib',
    title: "SWCUR: memory in the VM's hypervisor swap file (MiB)",
  },
  {
    key: 'swtgtMiB',
    label: 'SWTGT',
    kind: 'mib',
    title: 'SWTGT: hypervisor swap the hypervisor wants (MiB)',
  },
  {
    key: 'swrMiBps',
    label: 'SWR/s',
    kind: 'rate',
    title: 'SWR/s: hypervisor swap-in rate, pages read back from the swap file (MiB/s)',
  },
  { key: 'swwMiBps', label: 'SWW/s', kind: 'rate', title: 'SWW/s: hypervisor swap-out rate (MiB/s)' },
  {
    key: 'zipMiB',
    label: 'ZIP',
    kind: 'mib',
    title: "ZIP: guest memory held in the VM's compression cache (MiB)",
  },
  {
    key: 'shrdMiB',
    label: 'SHRD',
    kind: 'mib',
    title: 'SHRD: guest memory shared copy-on-write by page sharing (MiB)',
  },
  {
    key: 'zeroMiB',
    label: 'ZERO',
    kind: 'mib',
    title: 'ZERO: shared guest pages that hold only zeros (MiB)',
  },
  {
    key: 'shrdsvdMiB',
    label: 'SHRDSVD',
    kind: 'mib',
    title: 'SHRDSVD: machine memory saved by page sharing (MiB)',
  },
  {
    key: 'ovhdMiB',
    label: 'OVHD',
    kind: 'mib',
    title: 'OVHD: overhead memory the hypervisor charges for running the VM (MiB)',
  },
  {
    key: 'guestSwapMiB',
    label: 'GSWAP',
    kind: 'mib',
    title: 'GSWAP: application memory the guest OS swapped to its own disk (MiB)',
  },
  {
    key: 'guestSwapInMiBps',
    label: 'GSWIN/s',
    kind: 'rate',
    title: 'GSWIN/s: guest swap-in rate, major faults read from the guest disk (MiB/s)',
  },
  {
    key: 'guestSwapOutMiBps',
    label: 'GSWOUT/s',
    kind: 'rate',
    title: 'GSWOUT/s: guest swap-out rate (MiB/s)',
  },
  { key: 'guestCacheMiB', label: 'CACHE', kind: 'mib', title: 'CACHE: guest page cache (MiB)' },
  {
    key: 'demandMiB',
    label: 'DEMAND',
    kind: 'mib',
    title: 'DEMAND: memory the workload wants right now (MiB)',
  },
  {
    key: 'perfIndex',
    label: 'PERF',
    kind: 'ratio',
    title: 'PERF: performance index, tick / (tick + stall); 100% = never waited on memory',
  },
];

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
