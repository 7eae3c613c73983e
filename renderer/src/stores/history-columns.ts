import { hostStates } from '../../../core/model/counters';
import type { HostState } from '../../../core/model/counters';
import {
  hostSeriesKeys,
  vmSeriesKeys,
  type ChartHistory,
  type HostSeriesKey,
  type TraceSample,
  type VmSeriesKey,
} from '../../../core/lab-api/lab-api-contract';

export {
  hostSeriesKeys,
  vmSeriesKeys,
  type HostSeriesKey,
  type VmSeriesKey,
} from '../../../core/lab-api/chart-history';

export type VmColumns = Record<VmSeriesKey, Float64Array>;

const initialCapacity = 1024;

function grown(a: Float64Array, capacity: number, fill: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(capacity);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

function newVmColumns(capacity: number): VmColumns {
  const cols = {} as VmColumns;
  for (const key of vmSeriesKeys) {
    const a = new Float64Array(capacity);
    // A VM that appears mid-run has no value before it existed: a gap, not a zero.
    a.fill(Number.NaN);
    cols[key] = a;
  }
  return cols;
}

/**
 * Trace samples kept column by column in growable typed arrays: an hour of 32 VMs is a few
 * MiB and every series is a contiguous array that decimation scans without allocating.
 */
export class HistoryColumns {
  length = 0;
  private capacity = initialCapacity;
  time: Float64Array<ArrayBuffer> = new Float64Array(initialCapacity);
  /** Index into `hostStates`. */
  state: Uint8Array<ArrayBuffer> = new Uint8Array(initialCapacity);
  host: Record<HostSeriesKey, Float64Array>;
  private vms = new Map<string, VmColumns>();

  constructor() {
    this.host = {} as Record<HostSeriesKey, Float64Array>;
    for (const key of hostSeriesKeys) this.host[key] = new Float64Array(initialCapacity);
  }

  /** Ids of every VM seen, sorted like the engine sorts them. */
  vmIds(): string[] {
    return [...this.vms.keys()].sort();
  }

  hasVm(id: string): boolean {
    return this.vms.has(id);
  }

  /** A read-only view (not a copy) of a host series over the kept samples. */
  hostSeries(key: HostSeriesKey): Float64Array {
    return this.host[key].subarray(0, this.length);
  }

  /** A read-only view (not a copy) of a VM series, or null for an unknown VM. */
  vmSeries(id: string, key: VmSeriesKey): Float64Array | null {
    return this.vms.get(id)?.[key].subarray(0, this.length) ?? null;
  }

  timeSeries(): Float64Array {
    return this.time.subarray(0, this.length);
  }

  /** Index of the kept sample nearest to `timeS` (-1 when there is none). */
  indexAt(timeS: number): number {
    const n = this.length;
    if (n === 0 || !Number.isFinite(timeS)) return -1;
    const i = this.firstIndexAtOrAfter(timeS);
    if (i >= n) return n - 1;
    if (i === 0) return 0;
    const before = this.time[i - 1] ?? 0;
    const after = this.time[i] ?? 0;
    return timeS - before <= after - timeS ? i - 1 : i;
  }

  /**
   * Sample indices [start, end) that cover [fromS, toS], with one sample more on each side so
   * that lines run to the edges of a zoomed chart.
   */
  indexRange(fromS: number, toS: number): { start: number; end: number } {
    const start = Math.max(0, this.firstIndexAtOrAfter(fromS) - 1);
    const end = Math.min(this.length, this.firstIndexAtOrAfter(toS) + 1);
    return { start, end: Math.max(start, end) };
  }

  /** First index whose time is at or after `timeS` (length when none is). */
  private firstIndexAtOrAfter(timeS: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.time[mid] ?? 0) < timeS) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  stateSeries(): Uint8Array {
    return this.state.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
    this.vms.clear();
  }

  /** Drops every sample at or after `timeS` (a reset or a jump back in time). */
  truncateFrom(timeS: number): void {
    const lo = this.firstIndexAtOrAfter(timeS);
    for (const cols of this.vms.values())
      for (const key of vmSeriesKeys) cols[key].fill(Number.NaN, lo, this.length);
    this.length = lo;
  }

  append(samples: readonly TraceSample[]): void {
    for (const sample of samples) this.appendOne(sample);
  }

  /** Columns holding `history`'s series (copies: the arrays grow as samples are appended). */
  static of(history: ChartHistory): HistoryColumns {
    const columns = new HistoryColumns();
    const n = history.timeS.length;
    columns.ensureCapacity(n);
    columns.time.set(history.timeS);
    columns.state.set(history.state.subarray(0, n));
    for (const key of hostSeriesKeys) columns.host[key].set(history.host[key].subarray(0, n));
    for (const vm of history.vms) {
      const cols = newVmColumns(columns.capacity);
      for (const key of vmSeriesKeys) cols[key].set(vm.series[key].subarray(0, n));
      columns.vms.set(vm.id, cols);
    }
    columns.length = n;
    return columns;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < needed) capacity *= 2;
    this.time = grown(this.time, capacity, 0);
    const state = new Uint8Array(capacity);
    state.set(this.state);
    this.state = state;
    for (const key of hostSeriesKeys) this.host[key] = grown(this.host[key], capacity, 0);
    for (const cols of this.vms.values())
      for (const key of vmSeriesKeys) cols[key] = grown(cols[key], capacity, Number.NaN);
    this.capacity = capacity;
  }

  private appendOne(sample: TraceSample): void {
    if (this.length > 0 && sample.timeS <= (this.time[this.length - 1] ?? 0)) this.truncateFrom(sample.timeS);
    this.ensureCapacity(this.length + 1);
    const i = this.length;
    this.time[i] = sample.timeS;
    this.state[i] = Math.max(0, hostStates.indexOf(sample.host.state as HostState));
    for (const key of hostSeriesKeys) this.host[key][i] = sample.host[key];
    for (const vm of sample.vms) {
      let cols = this.vms.get(vm.id);
      if (cols === undefined) {
        cols = newVmColumns(this.capacity);
        this.vms.set(vm.id, cols);
      }
      // A VM that is powered off (not yet, or no longer) has no memory to plot: a gap, not zeros.
      for (const key of vmSeriesKeys) cols[key][i] = vm.poweredOn ? vm[key] : Number.NaN;
    }
    this.length = i + 1;
  }
}
