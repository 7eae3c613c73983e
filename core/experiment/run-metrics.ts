import { hostStates, type HostState } from '../model/counters';
import type { RunSummary, VmSummary } from '../trace/summary';
import { formatNumber } from '../trace/trace-columns';

/**
 * The metrics of one VM (and of all VMs together), in column order. Units are in the names:
 * `perf_index` is 0..1, `_mib` is MiB, `_mib_h` is MiB-hours.
 * - `perf_index_mean`: time-weighted mean performance index while powered on.
 * - `perf_index_min`: lowest performance index seen while powered on.
 * - `host_swapin_mib`: memory read back from the hypervisor's swap file over the run.
 * - `guest_swapin_mib`: memory the guest read back from its own swap disk over the run.
 * - `balloon_mib_h`: balloon size integrated over the run (mean balloon MiB x powered-on hours).
 */
export const vmMetricIds = [
  'perf_index_mean',
  'perf_index_min',
  'host_swapin_mib',
  'guest_swapin_mib',
  'balloon_mib_h',
] as const;
export type VmMetricId = (typeof vmMetricIds)[number];

/**
 * The host's metrics, in column order: simulated seconds in each free-memory state
 * (`time_<state>_s`), the time-weighted means of the host counters (MiB) and the overcommit
 * ratio (configured VM memory / host memory).
 */
export const hostMetricIds = [
  ...hostStates.map((s) => `time_${s}_s` as const),
  'free_mean_mib',
  'shrdsvd_mean_mib',
  'mctlsz_mean_mib',
  'swcur_mean_mib',
  'zip_mean_mib',
  'overcommit',
] as const;
export type HostMetricId = (typeof hostMetricIds)[number];

/** What a metric describes: the host, every VM together, or one VM. */
export type RunMetricScope = 'host' | 'all_vms' | 'vm';

/** One named summary metric of a run. */
export interface RunMetric {
  /**
   * Column name: `host.<metric>`, `all_vms.<metric>` or `vm.<vm id>.<metric>`, e.g.
   * `vm.app1.perf_index_mean`. Unique within a run; the `vm.` prefix keeps a VM called
   * `host` apart from the host.
   */
  name: string;
  scope: RunMetricScope;
  /** The VM's id when `scope` is `vm`, otherwise null. */
  vmId: string | null;
  metric: VmMetricId | HostMetricId;
  /** Rounded like the trace columns; null when it has no value (a VM that never ran). */
  value: number | null;
}

/**
 * The order of a run's metric columns: the host's, then all VMs', then each VM's (`vmIds` in
 * the order given; runMetrics uses the summary's, which is sorted). Every run of a sweep has
 * the same VMs, hence the same columns.
 */
export function runMetricColumns(vmIds: readonly string[]): string[] {
  return [
    ...hostMetricIds.map((m) => `host.${m}`),
    ...vmMetricIds.map((m) => `all_vms.${m}`),
    ...vmIds.flatMap((id) => vmMetricIds.map((m) => `vm.${id}.${m}`)),
  ];
}

const digitsOf: Record<VmMetricId | HostMetricId, string> = {
  perf_index_mean: 'perf_index',
  perf_index_min: 'perf_index',
  overcommit: 'overcommit',
  host_swapin_mib: 'mib',
  guest_swapin_mib: 'mib',
  balloon_mib_h: 'mib',
  free_mean_mib: 'mib',
  shrdsvd_mean_mib: 'mib',
  mctlsz_mean_mib: 'mib',
  swcur_mean_mib: 'mib',
  zip_mean_mib: 'mib',
  ...(Object.fromEntries(hostStates.map((s) => [`time_${s}_s`, 'time_s'])) as Record<
    `time_${HostState}_s`,
    string
  >),
};

/** Rounds like the trace columns (4 digits for indexes and ratios, 3 for the rest). */
function rounded(value: number | null, metric: VmMetricId | HostMetricId): number | null {
  return value === null ? null : Number(formatNumber(value, digitsOf[metric]));
}

/** Balloon MiB-hours: the VM's mean balloon while powered on times the hours it was on. */
function balloonMiBHours(vm: VmSummary): number {
  return vm.mean === null ? 0 : ((vm.mean['mctlsz_mib'] ?? 0) * vm.poweredOnS) / 3600;
}

function vmValues(vm: VmSummary): Record<VmMetricId, number | null> {
  return {
    perf_index_mean: vm.perfIndexMean,
    perf_index_min: vm.perfIndexMin,
    host_swapin_mib: vm.swapInMiB,
    guest_swapin_mib: vm.guestSwapInMiB,
    balloon_mib_h: balloonMiBHours(vm),
  };
}

/**
 * All VMs together: the performance index over every VM-second powered on (a VM that ran
 * longer weighs more; a plain average when no time passed) and its lowest value anywhere; the
 * sums of swap-ins and balloon MiB-hours.
 */
function allVmValues(vms: readonly VmSummary[]): Record<VmMetricId, number | null> {
  const ran = vms.filter((v) => v.perfIndexMean !== null);
  const onS = ran.reduce((s, v) => s + v.poweredOnS, 0);
  const mean =
    ran.length === 0
      ? null
      : onS > 0
        ? ran.reduce((s, v) => s + v.perfIndexMean! * v.poweredOnS, 0) / onS
        : ran.reduce((s, v) => s + v.perfIndexMean!, 0) / ran.length;
  const mins = vms.flatMap((v) => (v.perfIndexMin === null ? [] : [v.perfIndexMin]));
  const sum = (pick: (v: VmSummary) => number) => vms.reduce((s, v) => s + pick(v), 0);
  return {
    perf_index_mean: mean,
    perf_index_min: mins.length === 0 ? null : Math.min(...mins),
    host_swapin_mib: sum((v) => v.swapInMiB),
    guest_swapin_mib: sum((v) => v.guestSwapInMiB),
    balloon_mib_h: sum(balloonMiBHours),
  };
}

function hostValues(summary: RunSummary): Record<HostMetricId, number> {
  const h = summary.host;
  const states = Object.fromEntries(hostStates.map((s) => [`time_${s}_s`, h.timeInStateS[s]])) as Record<
    `time_${HostState}_s`,
    number
  >;
  return {
    ...states,
    free_mean_mib: h.freeMiB.mean,
    shrdsvd_mean_mib: h.shrdsvdMiB.mean,
    mctlsz_mean_mib: h.mctlszMiB.mean,
    swcur_mean_mib: h.swcurMiB.mean,
    zip_mean_mib: h.zipMiB.mean,
    overcommit: h.overcommit,
  };
}

/**
 * Flattens a run's summary (summary.json) into its named metrics, in the order of
 * {@link runMetricColumns} for the summary's VMs: the host's, all VMs', then each VM's.
 * Pure: the same summary gives the same list.
 */
export function runMetrics(summary: RunSummary): RunMetric[] {
  const vmIds = Object.keys(summary.vms);
  const host = hostValues(summary);
  const all = allVmValues(vmIds.map((id) => summary.vms[id]!));
  return [
    ...hostMetricIds.map((m): RunMetric => ({
      name: `host.${m}`,
      scope: 'host',
      vmId: null,
      metric: m,
      value: rounded(host[m], m),
    })),
    ...vmMetricIds.map((m): RunMetric => ({
      name: `all_vms.${m}`,
      scope: 'all_vms',
      vmId: null,
      metric: m,
      value: rounded(all[m], m),
    })),
    ...vmIds.flatMap((id) => {
      const values = vmValues(summary.vms[id]!);
      return vmMetricIds.map((m): RunMetric => ({
        name: `vm.${id}.${m}`,
        scope: 'vm',
        vmId: id,
        metric: m,
        value: rounded(values[m], m),
      }));
    }),
  ];
}

/** A metric value as a CSV cell: the rounded number, or empty when it has none. */
export function metricCell(value: number | null): string {
  return value === null ? '' : String(value);
}
