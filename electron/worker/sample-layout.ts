import { hostStates, type HostCounters, type VmCounters } from '../../core/model/counters';

type NumericKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

// Records keyed by every numeric counter: adding a counter to engine-types.ts without listing
// it here fails the type-check instead of silently dropping it from the history.
const hostNumeric: Record<Exclude<NumericKeys<HostCounters>, 'tick' | 'timeS'>, true> = {
  pmemMiB: true,
  freeMiB: true,
  minFreeMiB: true,
  hypervisorMiB: true,
  overheadMiB: true,
  shrdsvdMiB: true,
  mctlszMiB: true,
  swcurMiB: true,
  zipMiB: true,
  largeMiB: true,
  largeBroken: true,
  overcommit: true,
};
const vmNumeric: Record<NumericKeys<VmCounters>, true> = {
  memszMiB: true,
  grantMiB: true,
  sztgtMiB: true,
  tchdMiB: true,
  actvMiB: true,
  consumedMiB: true,
  mctlszMiB: true,
  mctltgtMiB: true,
  mctlmaxMiB: true,
  swcurMiB: true,
  swtgtMiB: true,
  swrMiBps: true,
  swwMiBps: true,
  zipMiB: true,
  shrdMiB: true,
  zeroMiB: true,
  shrdsvdMiB: true,
  ovhdMiB: true,
  guestSwapMiB: true,
  guestSwapInMiBps: true,
  guestSwapOutMiBps: true,
  guestCacheMiB: true,
  demandMiB: true,
  perfIndex: true,
};

export const hostNumericKeys = Object.keys(hostNumeric) as Exclude<
  NumericKeys<HostCounters>,
  'tick' | 'timeS'
>[];
export const vmNumericKeys = Object.keys(vmNumeric) as NumericKeys<VmCounters>[];

/** Row layout: tick, timeS, state index, host counters, then per VM (id order): poweredOn, counters. */
export const hostRowWidth = 3 + hostNumericKeys.length;
export const vmRowWidth = 1 + vmNumericKeys.length;

export function sampleRowWidth(vmCount: number): number {
  return hostRowWidth + vmCount * vmRowWidth;
}

/**
 * Samples packed as one Float64Array, row after row, so a batch crosses the thread boundary
 * as a single transferable buffer instead of thousands of cloned objects.
 */
export interface PackedSamples {
  /** VM ids in row order (the engine's vmCounters order). */
  vmIds: string[];
  rows: number;
  data: Float64Array;
}

/** Writes one sample into `out` at `offset`; returns the next offset. */
export function packSample(
  host: HostCounters,
  vms: readonly VmCounters[],
  out: Float64Array,
  offset: number,
): number {
  let o = offset;
  out[o++] = host.tick;
  out[o++] = host.timeS;
  out[o++] = hostStates.indexOf(host.state);
  for (const key of hostNumericKeys) out[o++] = host[key];
  for (const vm of vms) {
    out[o++] = vm.poweredOn ? 1 : 0;
    for (const key of vmNumericKeys) out[o++] = vm[key];
  }
  return o;
}

/** Rebuilds the counters of the row at `offset` (VM ids in row order). */
export function unpackSample(
  data: Float64Array,
  offset: number,
  vmIds: readonly string[],
): { host: HostCounters; vms: VmCounters[] } {
  let o = offset;
  const host = {
    tick: data[o++]!,
    timeS: data[o++]!,
    state: hostStates[data[o++]!] ?? 'high',
  } as HostCounters;
  for (const key of hostNumericKeys) host[key] = data[o++]!;
  const vms: VmCounters[] = [];
  for (const id of vmIds) {
    const vm = { id, poweredOn: data[o++] === 1 } as VmCounters;
    for (const key of vmNumericKeys) vm[key] = data[o++]!;
    vms.push(vm);
  }
  return { host, vms };
}

/** Growable row buffer used by the worker to collect samples between two updates. */
export class SampleBatch {
  private data: Float64Array;
  private used = 0;
  private rows = 0;
  private vmIds: string[] | null = null;

  constructor(private readonly vmCount: number) {
    this.data = new Float64Array(sampleRowWidth(vmCount) * 16);
  }

  get size(): number {
    return this.rows;
  }

  add(host: HostCounters, vms: readonly VmCounters[]): void {
    const width = sampleRowWidth(this.vmCount);
    if (vms.length !== this.vmCount)
      throw new Error(`sample has ${vms.length} VMs, expected ${this.vmCount}`);
    this.vmIds ??= vms.map((vm) => vm.id);
    if (this.used + width > this.data.length) {
      const grown = new Float64Array(Math.max(this.data.length * 2, this.used + width));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    this.used = packSample(host, vms, this.data, this.used);
    this.rows++;
  }

  /** Hands the rows over (the returned buffer is exact-size and may be transferred). */
  take(): PackedSamples | null {
    if (this.rows === 0) return null;
    const packed: PackedSamples = {
      vmIds: this.vmIds ?? [],
      rows: this.rows,
      data: this.data.slice(0, this.used),
    };
    this.used = 0;
    this.rows = 0;
    return packed;
  }
}
