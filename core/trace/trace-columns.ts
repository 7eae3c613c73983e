import type { HostCounters, LogLine, VmCounters } from '../engine/engine-types';

type NumericKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/** vms.csv columns after `time_s,vm`, in DESIGN.md §3 order, with the counter each one reads. */
export const vmColumns: ReadonlyArray<readonly [column: string, key: NumericKeys<VmCounters>]> = [
  ['memsz_mib', 'memszMiB'],
  ['grant_mib', 'grantMiB'],
  ['sztgt_mib', 'sztgtMiB'],
  ['tchd_mib', 'tchdMiB'],
  ['actv_mib', 'actvMiB'],
  ['consumed_mib', 'consumedMiB'],
  ['mctlsz_mib', 'mctlszMiB'],
  ['mctltgt_mib', 'mctltgtMiB'],
  ['mctlmax_mib', 'mctlmaxMiB'],
  ['swcur_mib', 'swcurMiB'],
  ['swtgt_mib', 'swtgtMiB'],
  ['swr_mibps', 'swrMiBps'],
  ['sww_mibps', 'swwMiBps'],
  ['zip_mib', 'zipMiB'],
  ['shrd_mib', 'shrdMiB'],
  ['zero_mib', 'zeroMiB'],
  ['shrdsvd_mib', 'shrdsvdMiB'],
  ['ovhd_mib', 'ovhdMiB'],
  ['guest_swap_mib', 'guestSwapMiB'],
  ['guest_swapin_mibps', 'guestSwapInMiBps'],
  ['guest_swapout_mibps', 'guestSwapOutMiBps'],
  ['guest_cache_mib', 'guestCacheMiB'],
  ['demand_mib', 'demandMiB'],
  ['perf_index', 'perfIndex'],
];

export const vmsCsvHeader: readonly string[] = ['time_s', 'vm', ...vmColumns.map(([c]) => c)];

/** host.csv columns after `time_s,state`, with the counter each one reads. */
export const hostColumns: ReadonlyArray<readonly [column: string, key: NumericKeys<HostCounters>]> = [
  ['pmem_mib', 'pmemMiB'],
  ['free_mib', 'freeMiB'],
  ['minfree_mib', 'minFreeMiB'],
  ['hypervisor_mib', 'hypervisorMiB'],
  ['shrdsvd_mib', 'shrdsvdMiB'],
  ['mctlsz_mib', 'mctlszMiB'],
  ['swcur_mib', 'swcurMiB'],
  ['zip_mib', 'zipMiB'],
  ['overcommit', 'overcommit'],
];

export const hostCsvHeader: readonly string[] = ['time_s', 'state', ...hostColumns.map(([c]) => c)];
export const logCsvHeader: readonly string[] = ['time_s', 'vm', 'source', 'level', 'event', 'message'];

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
