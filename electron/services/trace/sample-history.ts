import {
  hostSeriesKeys,
  vmSeriesKeys,
  type ChartHistory,
  type ChartVmSeries,
  type HostSeriesKey,
  type TraceSample,
  type VmSeriesKey,
} from '../../../core/lab-api/lab-api-contract';
import { hostRow, vmRow } from '../../../core/trace/trace-columns';
import {
  hostNumericKeys,
  hostRowWidth,
  sampleRowWidth,
  unpackSample,
  vmNumericKeys,
  vmRowWidth,
  type PackedSamples,
} from '../../worker/sample-layout';

const timeColumn = 1;
const stateColumn = 2;

/**
 * Every trace sample of the current run, one growable Float64Array per column (layout of
 * sample-layout.ts). Charts read it decimated; CSV export reads it as rows generated on the fly.
 */
export class SampleHistory {
  private vmIds: readonly string[] = [];
  private columns: Float64Array[] = [];
  private count = 0;
  private capacity = 0;
  private row = new Float64Array(0);

  /** Empties the store; the VM columns come from the first samples appended. */
  reset(): void {
    this.vmIds = [];
    this.count = 0;
    this.capacity = 0;
    this.columns = [];
  }

  get length(): number {
    return this.count;
  }

  get vmIdList(): readonly string[] {
    return this.vmIds;
  }

  append(packed: PackedSamples): void {
    if (this.count === 0) this.setVms(packed.vmIds);
    else if (packed.vmIds.join('\n') !== this.vmIds.join('\n'))
      throw new Error('samples of a different VM set');
    this.ensureCapacity(this.count + packed.rows);
    const width = this.columns.length;
    for (let r = 0; r < packed.rows; r++) {
      const base = r * width;
      const at = this.count + r;
      for (let c = 0; c < width; c++) this.columns[c]![at] = packed.data[base + c]!;
    }
    this.count += packed.rows;
  }

  /**
   * Every sample up to `untilS` (simulated seconds, all when omitted), row after row: what a
   * session file saved at that time keeps (see session-trace.ts); the run may have gone on since.
   */
  packed(untilS = Infinity): PackedSamples {
    const width = this.columns.length;
    const rows = untilS === Infinity ? this.count : this.firstIndexFrom(untilS, true);
    const data = new Float64Array(rows * width);
    for (let c = 0; c < width; c++) {
      const column = this.columns[c]!;
      for (let r = 0; r < rows; r++) data[r * width + c] = column[r]!;
    }
    return { vmIds: [...this.vmIds], rows, data };
  }

  /** Forgets the samples after `timeS` (the run goes on from there as a branch). */
  truncateAfter(timeS: number): void {
    this.count = Math.min(this.count, this.firstIndexFrom(timeS, true));
  }

  /** Simulated time of sample `index`, seconds. */
  timeAt(index: number): number {
    return this.columns[timeColumn]![index]!;
  }

  /** Index of the first sample whose time is at or after `timeS` (or after it, when `strict`). */
  firstIndexFrom(timeS: number, strict = false): number {
    let lo = 0;
    let hi = this.count;
    const times = this.columns[timeColumn];
    if (times === undefined) return 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = times[mid]!;
      if (t < timeS || (strict && t === timeS)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Half-open index range of samples with fromS <= time <= toS. */
  range(fromS = 0, toS = Infinity): [start: number, end: number] {
    const start = this.firstIndexFrom(fromS);
    const end = this.firstIndexFrom(toS, true);
    return [start, Math.max(start, end)];
  }

  sample(index: number): TraceSample {
    const width = this.columns.length;
    const row = this.row;
    for (let c = 0; c < width; c++) row[c] = this.columns[c]![index]!;
    const { host, vms } = unpackSample(row, 0, this.vmIds);
    return { timeS: host.timeS, host, vms };
  }

  /** At most `maxPoints` samples, evenly strided, always including the first and the latest. */
  decimated(maxPoints: number): { samples: TraceSample[]; stride: number } {
    const { stride, indices } = this.picks(maxPoints);
    return { samples: indices.map((i) => this.sample(i)), stride };
  }

  /** The plotted series of {@link decimated}'s samples, straight from the columns. */
  chartHistory(maxPoints: number): ChartHistory {
    const { stride, indices } = this.picks(maxPoints);
    // A VM's counters read NaN where its powered-on column says it was off (a gap, not zeros).
    const pick = (c: number, poweredOnColumn = -1): Float64Array => {
      const column = this.columns[c]!;
      const on = poweredOnColumn < 0 ? null : this.columns[poweredOnColumn]!;
      return Float64Array.from(indices, (i) => (on === null || on[i] === 1 ? column[i]! : Number.NaN));
    };
    const host = {} as Record<HostSeriesKey, Float64Array>;
    for (const key of hostSeriesKeys) host[key] = pick(3 + hostNumericKeys.indexOf(key));
    const vms = this.vmIds.map((id, v): ChartVmSeries => {
      const at = hostRowWidth + v * vmRowWidth;
      const series = {} as Record<VmSeriesKey, Float64Array>;
      for (const key of vmSeriesKeys) series[key] = pick(at + 1 + vmNumericKeys.indexOf(key), at);
      return { id, series };
    });
    return {
      stride,
      timeS: pick(timeColumn),
      state: Uint8Array.from(indices, (i) => Math.max(0, this.columns[stateColumn]![i]!)),
      host,
      vms: indices.length === 0 ? [] : vms,
    };
  }

  /** Which samples {@link decimated} keeps: `stride` apart, the first and the latest. */
  private picks(maxPoints: number): { stride: number; indices: number[] } {
    if (this.count === 0) return { stride: 1, indices: [] };
    const stride = this.count <= maxPoints ? 1 : Math.ceil((this.count - 1) / (maxPoints - 1));
    const indices: number[] = [];
    for (let i = 0; i < this.count; i += stride) indices.push(i);
    if ((this.count - 1) % stride !== 0) indices.push(this.count - 1);
    return { stride, indices };
  }

  /** host.csv rows of the samples in [fromS, toS]. */
  *hostRows(fromS?: number, toS?: number): Generator<string[]> {
    const [start, end] = this.range(fromS, toS);
    for (let i = start; i < end; i++) yield hostRow(this.sample(i).host);
  }

  /** vms.csv rows (one per VM per sample, VMs in id order) of the samples in [fromS, toS]. */
  *vmRows(fromS?: number, toS?: number): Generator<string[]> {
    const [start, end] = this.range(fromS, toS);
    for (let i = start; i < end; i++) {
      const s = this.sample(i);
      for (const vm of s.vms) yield vmRow(s.timeS, vm);
    }
  }

  private setVms(vmIds: readonly string[]): void {
    this.vmIds = [...vmIds];
    this.columns = Array.from({ length: sampleRowWidth(vmIds.length) }, () => new Float64Array(0));
    this.row = new Float64Array(this.columns.length);
    this.capacity = 0;
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const next = Math.max(rows, this.capacity * 2, 256);
    this.columns = this.columns.map((column) => {
      const grown = new Float64Array(next);
      grown.set(column.subarray(0, this.count));
      return grown;
    });
    this.capacity = next;
  }
}
