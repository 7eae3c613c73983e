import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import { hostLeadColumns, logColumns, vmLeadColumns, type ColumnDoc } from './column-docs';

type NumericKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/** A per-VM counter in vms.csv and the esxtop table: column, counter key and its documentation. */
export type VmColumn = readonly [
  column: string,
  key: NumericKeys<VmCounters>,
  doc: ColumnDoc & { esxtop: string },
];
/** A host counter in host.csv. */
export type HostColumn = readonly [column: string, key: NumericKeys<HostCounters>, doc: ColumnDoc];

/** vms.csv columns after `time_s,vm`, in esxtop order, with the counter each one reads (docs/glossary.md). */
export const vmColumns: readonly VmColumn[] = [
  ['memsz_mib', 'memszMiB', { esxtop: 'MEMSZ', unit: 'MiB', meaning: 'Configured memory of the VM.' }],
  [
    'grant_mib',
    'grantMiB',
    {
      esxtop: 'GRANT',
      unit: 'MiB',
      meaning:
        'Guest memory backed by machine memory: private plus shared pages, a shared page counted in every VM that maps it.',
    },
  ],
  [
    'sztgt_mib',
    'sztgtMiB',
    {
      esxtop: 'SZTGT',
      unit: 'MiB',
      meaning:
        'Allocation target the policy computed from shares, reservation, limit and (esx) the idle memory tax; machine memory, compared with CONSUMED (kvm-mom: resident guest pages, compared with GRANT).',
    },
  ],
  [
    'tchd_mib',
    'tchdMiB',
    {
      esxtop: 'TCHD',
      unit: 'MiB',
      meaning:
        'Active memory as the memory monitor estimates it by sampling pages; this is what policies see.',
    },
  ],
  [
    'actv_mib',
    'actvMiB',
    {
      esxtop: 'ACTV',
      unit: 'MiB',
      meaning: "The workload's true active (hot) memory, which the estimate TCHD tries to find.",
    },
  ],
  [
    'consumed_mib',
    'consumedMiB',
    {
      esxtop: 'CONSUMED',
      unit: 'MiB',
      meaning: 'Machine memory the VM consumes: GRANT minus its part of the page-sharing savings.',
    },
  ],
  [
    'mctlsz_mib',
    'mctlszMiB',
    {
      esxtop: 'MCTLSZ',
      unit: 'MiB',
      meaning: 'Memory reclaimed by the balloon driver (guest pages it pins).',
    },
  ],
  [
    'mctltgt_mib',
    'mctltgtMiB',
    { esxtop: 'MCTLTGT', unit: 'MiB', meaning: 'Balloon size the hypervisor asks for.' },
  ],
  [
    'mctlmax_mib',
    'mctlmaxMiB',
    {
      esxtop: 'MCTLMAX',
      unit: 'MiB',
      meaning:
        'Largest balloon allowed: policy.balloonMaxPct (Mem.CtlMaxPercent) of configured memory; 0 without a driver.',
    },
  ],
  [
    'swcur_mib',
    'swcurMiB',
    { esxtop: 'SWCUR', unit: 'MiB', meaning: "Guest memory in the VM's hypervisor swap file." },
  ],
  [
    'swtgt_mib',
    'swtgtMiB',
    {
      esxtop: 'SWTGT',
      unit: 'MiB',
      meaning: 'Memory the hypervisor wants swapped or compressed for the VM.',
    },
  ],
  [
    'swr_mibps',
    'swrMiBps',
    {
      esxtop: 'SWR/s',
      unit: 'MiB/s',
      meaning: 'Hypervisor swap-in rate: pages read back from the swap file, over the last tick.',
    },
  ],
  [
    'sww_mibps',
    'swwMiBps',
    { esxtop: 'SWW/s', unit: 'MiB/s', meaning: 'Hypervisor swap-out rate, over the last tick.' },
  ],
  [
    'zip_mib',
    'zipMiB',
    {
      esxtop: 'ZIP',
      unit: 'MiB',
      meaning:
        "Machine memory of the VM's compression cache (each cache page holds two compressed guest pages).",
    },
  ],
  [
    'shrd_mib',
    'shrdMiB',
    { esxtop: 'SHRD', unit: 'MiB', meaning: 'Guest memory shared copy-on-write by page sharing.' },
  ],
  [
    'zero_mib',
    'zeroMiB',
    { esxtop: 'ZERO', unit: 'MiB', meaning: 'Shared guest memory that holds only zeros.' },
  ],
  [
    'shrdsvd_mib',
    'shrdsvdMiB',
    {
      esxtop: 'SHRDSVD',
      unit: 'MiB',
      meaning: "Machine memory saved by page sharing: the VM's proportional part of the host's savings.",
    },
  ],
  [
    'ovhd_mib',
    'ovhdMiB',
    { esxtop: 'OVHD', unit: 'MiB', meaning: 'Overhead memory the host charges for running the VM.' },
  ],
  [
    'guest_swap_mib',
    'guestSwapMiB',
    {
      esxtop: 'GSWAP',
      unit: 'MiB',
      meaning: 'Application memory the guest OS has swapped out to its own virtual disk.',
    },
  ],
  [
    'guest_swapin_mibps',
    'guestSwapInMiBps',
    {
      esxtop: 'GSWIN/s',
      unit: 'MiB/s',
      meaning: "Guest swap-in rate: major faults read back from the guest's disk, over the last tick.",
    },
  ],
  [
    'guest_swapout_mibps',
    'guestSwapOutMiBps',
    { esxtop: 'GSWOUT/s', unit: 'MiB/s', meaning: 'Guest swap-out rate, over the last tick.' },
  ],
  [
    'guest_cache_mib',
    'guestCacheMiB',
    { esxtop: 'CACHE', unit: 'MiB', meaning: 'Guest page cache (file data).' },
  ],
  [
    'demand_mib',
    'demandMiB',
    { esxtop: 'DEMAND', unit: 'MiB', meaning: 'Memory the workload wants right now.' },
  ],
  [
    'perf_index',
    'perfIndex',
    {
      esxtop: 'PERF',
      unit: '0..1',
      meaning:
        'Performance index: tick / (tick + stall); 1 (100%) = never waited on memory, 0 while powered off.',
    },
  ],
];

export const vmsCsvHeader: readonly string[] = [...vmLeadColumns, ...vmColumns].map(([c]) => c);

/** host.csv columns after `time_s,state`, with the counter each one reads. */
export const hostColumns: readonly HostColumn[] = [
  [
    'pmem_mib',
    'pmemMiB',
    { esxtop: 'PMEM', unit: 'MiB', meaning: 'Memory the hypervisor manages (host.memoryMiB).' },
  ],
  ['free_mib', 'freeMiB', { esxtop: 'PMEM free', unit: 'MiB', meaning: 'Free machine memory.' }],
  [
    'minfree_mib',
    'minFreeMiB',
    {
      esxtop: 'VMKMEM minfree',
      unit: 'MiB',
      meaning: 'minFree: the ESXi sliding scale of host memory, or host.minFreeMiB when set.',
    },
  ],
  [
    'hypervisor_mib',
    'hypervisorMiB',
    { esxtop: 'PMEM vmk', unit: 'MiB', meaning: 'Memory the hypervisor uses itself (host.hypervisorMiB).' },
  ],
  [
    'shrdsvd_mib',
    'shrdsvdMiB',
    {
      esxtop: 'PSHARE saving',
      unit: 'MiB',
      meaning: 'Machine memory saved by page sharing: shared guest pages minus the frames backing them.',
    },
  ],
  ['mctlsz_mib', 'mctlszMiB', { esxtop: 'MEMCTL curr', unit: 'MiB', meaning: 'Sum of all balloons.' }],
  ['swcur_mib', 'swcurMiB', { esxtop: 'SWAP curr', unit: 'MiB', meaning: 'Sum of all hypervisor swap.' }],
  ['zip_mib', 'zipMiB', { esxtop: 'ZIP zipped', unit: 'MiB', meaning: 'Sum of all compression caches.' }],
  [
    'lpage_mib',
    'largeMiB',
    {
      unit: 'MiB',
      meaning:
        'Guest memory backed by 2 MiB large pages (host.largePages): none of it can be shared, swapped or compressed until its large page is broken.',
    },
  ],
  [
    'lpage_broken',
    'largeBroken',
    {
      unit: 'count',
      meaning:
        'Large pages broken into small pages since the run started (for page sharing below 400% of minFree, for ballooning, swapping or compression).',
    },
  ],
  [
    'overcommit',
    'overcommit',
    {
      unit: 'ratio',
      meaning: 'Configured memory of the powered-on VMs divided by host memory (1.5 = 50% overcommitted).',
    },
  ],
];

export const hostCsvHeader: readonly string[] = [...hostLeadColumns, ...hostColumns].map(([c]) => c);

export const logCsvHeader: readonly string[] = logColumns.map(([c]) => c);

/**
 * Fixed decimal places keep output byte-identical across platforms and readable in a
 * spreadsheet: MiB to 1/1024 (one 1 KiB granule is below a page anyway), ratios to 1e-4.
 */
export function formatNumber(value: number, column: string): string {
  const digits = column === 'perf_index' || column === 'overcommit' ? 4 : 3;
  const s = value.toFixed(digits);
  const trimmed = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  // A tiny negative rounds to "-0", which a spreadsheet-safe CSV writer would escape as a formula.
  return trimmed === '-0' ? '0' : trimmed;
}

export function formatTimeS(timeS: number): string {
  return formatNumber(timeS, 'time_s');
}

export function vmRow(timeS: number, c: VmCounters): string[] {
  return [formatTimeS(timeS), c.id, ...vmColumns.map(([col, key]) => formatNumber(c[key], col))];
}

export function hostRow(c: HostCounters): string[] {
  return [formatTimeS(c.timeS), c.state, ...hostColumns.map(([col, key]) => formatNumber(c[key], col))];
}

export function logRow(l: LogLine): string[] {
  return [formatTimeS(l.timeS), l.vm, l.source, l.level, l.event, l.message];
}
