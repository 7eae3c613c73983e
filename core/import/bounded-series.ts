/** How values of one field merge when samples are combined into one. */
export type MergeRule = 'mean' | 'max';

/**
 * One VM's (or the host's) samples in bounded memory: at most `capacity` stored samples of
 * `rules.length` fields. When a trace has more, neighbouring samples are merged in pairs
 * (time of the first, fields by their rule, NaN = missing is left out of a mean) and later
 * samples are merged `stride` at a time, so a trace of any length costs at most `capacity`
 * samples and the stored resolution stays even along the trace.
 */
export class BoundedSeries {
  times: Float64Array;
  /** Single precision: 7 digits are plenty for MiB and percent, and halve the memory of a long trace. */
  values: Float32Array[];
  /** Raw samples behind each stored value of each field (0 = missing); exact up to 2^24. */
  weights: Float32Array[];
  length = 0;
  /** Raw samples per stored sample (a power of two). */
  stride = 1;
  private partial = 0;

  constructor(
    readonly rules: readonly MergeRule[],
    private capacity: number,
  ) {
    const initial = Math.min(capacity, 1024);
    this.times = new Float64Array(initial);
    this.values = rules.map(() => new Float32Array(initial));
    this.weights = rules.map(() => new Float32Array(initial));
  }

  /** Adds a sample; `fields[i]` NaN when the trace has no value for that field there. */
  push(timeS: number, fields: ArrayLike<number>): void {
    if (this.partial > 0 && this.partial < this.stride) {
      this.mergeInto(this.length - 1, fields, 1);
      this.partial++;
      return;
    }
    if (this.length === this.capacity) this.halve();
    if (this.length === this.times.length) this.growTo(Math.min(this.capacity, this.times.length * 2));
    const i = this.length++;
    this.times[i] = timeS;
    for (let f = 0; f < this.rules.length; f++) {
      const v = fields[f]!;
      const ok = !Number.isNaN(v);
      this.values[f]![i] = ok ? v : 0;
      this.weights[f]![i] = ok ? 1 : 0;
    }
    this.partial = 1;
  }

  /** Lowers the capacity (more VMs now share the same budget), merging at once if needed. */
  setCapacity(capacity: number): void {
    this.capacity = Math.max(2, capacity);
    while (this.length > this.capacity) this.halve();
  }

  /** Frees the stored samples once they have been read for the last time (the import's end). */
  release(): void {
    this.length = 0;
    this.times = new Float64Array(0);
    this.values = this.rules.map(() => new Float32Array(0));
    this.weights = this.rules.map(() => new Float32Array(0));
  }

  /** The value of field `f` at stored sample `i`, NaN when every raw sample there was missing. */
  valueAt(f: number, i: number): number {
    return this.weights[f]![i]! > 0 ? this.values[f]![i]! : NaN;
  }

  private mergeInto(i: number, fields: ArrayLike<number>, weight: number): void {
    for (let f = 0; f < this.rules.length; f++) this.mergeWeighted(i, f, fields[f]!, weight);
  }

  private halve(): void {
    const half = Math.ceil(this.length / 2);
    for (let j = 0; j < half; j++) {
      const a = 2 * j;
      const b = a + 1;
      this.times[j] = this.times[a]!;
      for (let f = 0; f < this.rules.length; f++) {
        this.values[f]![j] = this.values[f]![a]!;
        this.weights[f]![j] = this.weights[f]![a]!;
      }
      if (b < this.length) {
        for (let f = 0; f < this.rules.length; f++) {
          const w = this.weights[f]![b]!;
          this.mergeWeighted(j, f, w > 0 ? this.values[f]![b]! : NaN, w);
        }
      }
    }
    // The last stored sample keeps collecting raw samples until it holds the new stride.
    if (this.length % 2 === 0) this.partial += this.stride;
    this.length = half;
    this.stride *= 2;
  }

  private mergeWeighted(i: number, f: number, v: number, weight: number): void {
    if (Number.isNaN(v) || weight === 0) return;
    const values = this.values[f]!;
    const weights = this.weights[f]!;
    const w = weights[i]!;
    if (w === 0) values[i] = v;
    else if (this.rules[f] === 'max') values[i] = Math.max(values[i]!, v);
    else values[i] = (values[i]! * w + v * weight) / (w + weight);
    weights[i] = w + weight;
  }

  private growTo(size: number): void {
    const times = new Float64Array(size);
    times.set(this.times.subarray(0, this.length));
    this.times = times;
    const grow = (a: Float32Array): Float32Array => {
      const b = new Float32Array(size);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.values = this.values.map(grow);
    this.weights = this.weights.map(grow);
  }
}
