import type { HistoryResult, TraceSample } from '../../../core/lab-api/lab-api-contract';
import { hostRow, vmRow } from '../../../core/trace/trace-columns';
import { sampleRowWidth, unpackSample, type PackedSamples } from '../../worker/sample-layout';

const timeColumn = 1;

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

  /** Every sample, row after row (what a session file keeps, see session-trace.ts). */
  packed(): PackedSamples {
    const width = this.columns.length;
    const data = new Float64Array(this.count * width);
    for (let c = 0; c < width; c++) {
      const column = this.columns[c]!;
      for (let r = 0; r < this.count; r++) data[r * width + c] = column[r]!;
    }
    return { vmIds: [...this.vmIds], rows: this.count, data };
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
  decimated(maxPoints: number): HistoryResult {
    if (this.count === 0) return { samples: [], stride: 1 };
    const stride = this.count <= maxPoints ? 1 : Math.ceil((this.count - 1) / (maxPoints - 1));
    const samples: TraceSample[] = [];
    for (let i = 0; i < this.count; i += stride) samples.push(this.sample(i));
    if ((this.count - 1) % stride !== 0) samples.push(this.sample(this.count - 1));
    return { samples, stride };
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
