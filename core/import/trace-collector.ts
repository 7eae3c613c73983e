import { maxTraceSamples, maxVms, maxWorkloadPoints } from '../scenario/scenario-limits';

import { BoundedSeries, type MergeRule } from './bounded-series';
import { ImportError } from './import-error';

/** Per-VM fields an import collects, in this order in every VM's series. */
export const vmFields = [
  'memsz',
  'demand',
  'activePct',
  'mctlsz',
  'swcur',
  'zip',
  'shrdsvd',
  'sztgt',
] as const;
export type VmField = (typeof vmFields)[number];
const vmRules: readonly MergeRule[] = vmFields.map((f) => (f === 'memsz' ? 'max' : 'mean'));

/** Host fields an import collects (esxtop only): memory, free memory and its state index. */
export const hostFields = ['machine', 'free', 'state'] as const;
export type HostField = (typeof hostFields)[number];
const hostRules: readonly MergeRule[] = ['max', 'mean', 'max'];

/** Deltas kept to find the sampling interval: enough for a stable median, bounded memory. */
const maxIntervalSamples = 4096;

/**
 * Trace samples an import writes into a scenario, all VMs together: well inside the scenario's
 * limit (maxWorkloadPoints), so that the scenario stays a few MiB of JSON, opens quickly in the
 * lab, and building it keeps the import's memory low. A longer trace is resampled coarser.
 */
export const importPointBudget = Math.min(200_000, maxWorkloadPoints);

/** Trace samples one VM's workload may hold when the trace has `vmCount` VMs. */
export function pointsPerVm(vmCount: number): number {
  return Math.min(maxTraceSamples, Math.floor(importPointBudget / Math.max(1, vmCount)));
}

/** Stored samples per series before merging: twice what the scenario may finally hold. */
function capacityFor(vmCount: number): number {
  return 2 * pointsPerVm(vmCount);
}

export interface CollectedVm {
  key: string;
  name: string;
  series: BoundedSeries;
  firstS: number;
  lastS: number;
  /** Rows that reached this VM. */
  rows: number;
}

/**
 * What the parsers of every format feed: one bounded series per VM and one for the host, the
 * time span, the deltas between rows (their median is the trace's interval), and the counts of
 * what was left out, for the summary.
 */
export class TraceCollector {
  readonly vms: CollectedVm[] = [];
  private readonly byKey = new Map<string, CollectedVm>();
  host: BoundedSeries | null = null;
  private readonly deltas: number[] = [];
  /** Cells holding a sentinel (a negative value: esxtop's -1 for "not available"). */
  sentinels = 0;
  /** Empty cells of a needed column. */
  missing = 0;
  /** Demand values above the VM's configured memory, cut to it. */
  clamped = 0;
  /** Rows left out, by reason. */
  readonly ignoredRows = new Map<string, number>();
  /** Groups, files or columns left out, by what they are. */
  readonly ignored = new Map<string, string[]>();
  ignoredColumns = 0;
  notes: string[] = [];

  /** The VM of `key`, added when new; `where` names the line that brought it, for a refusal. */
  vm(key: string, name: string, where: { line?: number; column?: number } = {}): CollectedVm {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    if (this.vms.length >= maxVms)
      throw new ImportError(`the trace holds more than ${maxVms} VMs, the most a scenario may have`, where);
    const vm: CollectedVm = {
      key,
      name,
      series: new BoundedSeries(vmRules, capacityFor(this.vms.length + 1)),
      firstS: Infinity,
      lastS: -Infinity,
      rows: 0,
    };
    this.vms.push(vm);
    this.byKey.set(key, vm);
    const capacity = capacityFor(this.vms.length);
    for (const v of this.vms) v.series.setCapacity(capacity);
    return vm;
  }

  pushVm(vm: CollectedVm, timeS: number, fields: Float64Array): void {
    vm.series.push(timeS, fields);
    if (timeS < vm.firstS) vm.firstS = timeS;
    if (timeS > vm.lastS) vm.lastS = timeS;
    vm.rows++;
  }

  pushHost(timeS: number, fields: Float64Array): void {
    this.host ??= new BoundedSeries(hostRules, 2 * maxTraceSamples);
    this.host.push(timeS, fields);
  }

  /** A gap between two consecutive rows of one source, seconds. */
  addInterval(deltaS: number): void {
    if (deltaS > 0 && this.deltas.length < maxIntervalSamples) this.deltas.push(deltaS);
  }

  /** Median gap between rows, seconds (rows jitter; the median ignores the odd late one); null without any. */
  medianIntervalS(): number | null {
    if (this.deltas.length === 0) return null;
    const sorted = [...this.deltas].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

  ignoreRow(reason: string): void {
    this.ignoredRows.set(reason, (this.ignoredRows.get(reason) ?? 0) + 1);
  }

  ignore(kind: string, what: string): void {
    const list = this.ignored.get(kind) ?? [];
    list.push(what);
    this.ignored.set(kind, list);
  }

  /** A value of a needed cell: NaN (missing) for an empty cell or a negative sentinel, counted. */
  value(v: number): number {
    if (Number.isNaN(v)) {
      this.missing++;
      return NaN;
    }
    if (v < 0) {
      this.sentinels++;
      return NaN;
    }
    return v;
  }
}

/** Index of a field in {@link vmFields}. */
export const vmField = Object.fromEntries(vmFields.map((f, i) => [f, i])) as Record<VmField, number>;
/** Index of a field in {@link hostFields}. */
export const hostField = Object.fromEntries(hostFields.map((f, i) => [f, i])) as Record<HostField, number>;
