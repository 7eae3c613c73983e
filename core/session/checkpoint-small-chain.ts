import { xorInto } from './checkpoint-block-bytes';
import { arrayTypes, type AnyTypedArray } from './checkpoint-format';
import { checkpointParts, readStoredArray, runsOf } from './checkpoint-parts';
import { isPlainRecord, rebuildState } from './checkpoint-skeleton';
import { runWordAt, xorRuns, zeroRuns } from './word-runs';

/**
 * Earlier checkpoints' small states, each stored as a delta of the next newer one's
 * (core/session/checkpoint-small-delta.ts), read without making every state between: an
 * earlier state is first pending, its arrays {@link PendingArray}s that name their delta and
 * the array at their place in the newer state, and an array is made only when its state is
 * needed, from the nearest made one with the deltas between XORed in. A jump right after opening
 * an hour of datacenter-2x needs checkpoint 25 of 94: making the 68 states on the way, each
 * with copies of the ~110 arrays (3.8 MB) in which a few words changed, was most of the time
 * spent on small states (and their memory, kept for later jumps).
 */

type TypedConstructor = (typeof arrayTypes)[keyof typeof arrayTypes];

/** An array of a pending small state: its delta and the array it is a delta of. */
export class PendingArray {
  /** The array once made by {@link madeSmallState}. */
  made: AnyTypedArray | null = null;

  /**
   * `runs`: the delta as run pairs of equal words, or `bytes`: as bytes (read only: several
   * arrays may be made through it). `newer`: the array at its place in the next newer state, of
   * the same type.
   */
  constructor(
    readonly type: TypedConstructor,
    /** Elements. */
    readonly length: number,
    readonly runs: Int32Array | null,
    readonly bytes: Uint8Array | null,
    readonly newer: PendingArray | AnyTypedArray,
  ) {}

  get byteLength(): number {
    return this.length * this.type.BYTES_PER_ELEMENT;
  }
}

/**
 * The small state of checkpoint bytes holding a delta against `newer` (made or pending), its
 * arrays with a counterpart in `newer` pending; `bytes` are the caller's to give up (freshly
 * inflated: arrays are views of them, never written). Throws SessionError 'corrupt' on damaged
 * bytes, as decodeCheckpoint does: every run is checked here, even those never read; and when its
 * arrays would take more than `maxArrayBytes`.
 */
export function pendingSmallState(
  bytes: Uint8Array,
  newer: unknown,
  maxArrayBytes = Infinity,
): Record<string, unknown> {
  const parts = checkpointParts(bytes, maxArrayBytes);
  const { arrays } = parts;
  const arrayAt = (i: number, above: unknown): unknown => {
    const stored = arrays[i]!;
    const type = arrayTypes[stored.kind];
    const base =
      above instanceof PendingArray
        ? above.type === type
          ? above
          : null
        : ArrayBuffer.isView(above) && above.constructor === type
          ? (above as AnyTypedArray)
          : null;
    // Without a counterpart the delta is the array itself.
    if (base === null) return readStoredArray(parts, stored, true);
    if (stored.encoding === 'rle')
      return new PendingArray(type, stored.length, runsOf(parts, stored), null, base);
    const own = readStoredArray(parts, stored, true);
    const delta = new Uint8Array(own.buffer, own.byteOffset, own.byteLength);
    return new PendingArray(type, stored.length, null, delta, base);
  };
  return rebuildState(parts.skeleton, arrays.length, arrayAt, newer);
}

function zeroDelta(p: PendingArray): boolean {
  if (p.runs !== null) return zeroRuns(p.runs);
  const b = p.bytes!;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** `out` XOR the delta of `p` over its first `limit` bytes. */
function xorDelta(out: Uint8Array, p: PendingArray, limit: number): void {
  if (p.runs === null) {
    xorInto(out.subarray(0, limit), p.bytes!);
    return;
  }
  const whole = limit >>> 2;
  xorRuns(p.runs, new Int32Array(out.buffer, out.byteOffset, whole));
  // Only where a shorter raw array of bytes lies between: the bytes of the word it cuts.
  const rest = limit & 3;
  const word = rest === 0 ? 0 : runWordAt(p.runs, whole);
  if (word === 0) return;
  const wordBytes = new Uint8Array(Int32Array.of(word).buffer);
  for (let k = 0; k < rest; k++) out[whole * 4 + k]! ^= wordBytes[k]!;
}

/** The pending arrays `p` is made through (itself first) and the made array they end on. */
function chainOf(p: PendingArray): { chain: PendingArray[]; base: AnyTypedArray } {
  const chain: PendingArray[] = [];
  let x: PendingArray | AnyTypedArray = p;
  while (x instanceof PendingArray && x.made === null) {
    chain.push(x);
    x = x.newer;
  }
  return { chain, base: x instanceof PendingArray ? x.made! : x };
}

/**
 * Writes into `out` (zeros, the bytes of the first of `chain`) the array that one stands for:
 * each byte the XOR of the deltas along the chain as far as each next array reaches it, and of
 * `base`'s (beyond that, as the deltas have it).
 */
function makeInto(out: Uint8Array, chain: readonly PendingArray[], base: AnyTypedArray): void {
  const limits: number[] = [];
  let limit = out.byteLength;
  for (const c of chain) limits.push((limit = Math.min(limit, c.byteLength)));
  out.set(new Uint8Array(base.buffer, base.byteOffset, Math.min(limit, base.byteLength)));
  chain.forEach((c, k) => xorDelta(out, c, limits[k]!));
}

/**
 * `state` (pending, the caller's) with every pending array made, in place. An array equal all
 * along its chain to the made one it ends on is that object (versions share it); the others
 * are views of one buffer: a hundred arrays of their own each, for each state made, set off
 * collections that took as long as making them.
 */
export function madeSmallState(state: Record<string, unknown>): Record<string, unknown> {
  const made: { p: PendingArray; chain: PendingArray[]; base: AnyTypedArray; at: number }[] = [];
  let total = 0;
  // Depth bounded by the skeleton the state came from.
  const walk = (v: unknown, visit: (p: PendingArray) => unknown): unknown => {
    if (v instanceof PendingArray) return visit(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = walk(v[i], visit);
    else if (isPlainRecord(v)) for (const k of Object.keys(v)) v[k] = walk(v[k], visit);
    return v;
  };
  walk(state, (p) => {
    if (p.made !== null) return p;
    const { chain, base } = chainOf(p);
    if (chain.every((c) => c.byteLength === base.byteLength && zeroDelta(c))) p.made = base;
    else {
      made.push({ p, chain, base, at: total });
      // Aligned for any element type.
      total += Math.ceil(p.byteLength / 8) * 8;
    }
    return p;
  });
  const buffer = new ArrayBuffer(total);
  for (const { p, chain, base, at } of made) {
    makeInto(new Uint8Array(buffer, at, p.byteLength), chain, base);
    p.made = new p.type(buffer, at, p.length);
  }
  return walk(state, (p) => p.made) as Record<string, unknown>;
}

/**
 * The small state of checkpoint bytes holding a delta xorSmallState made against `newer` (a made
 * state), made at once; see {@link pendingSmallState}.
 */
export function decodeSmallDelta(bytes: Uint8Array, newer: unknown): Record<string, unknown> {
  return madeSmallState(pendingSmallState(bytes, newer));
}
