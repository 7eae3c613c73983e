import type { BlockArray } from '../memory/block-versions';
import { maxRunDeltaBytes } from './checkpoint-run-delta';
import { damagedCheckpoints } from './session-error';

/**
 * Kind of a block list: page bytes (u8), cells and chunk counts (u16), page stack entries (i32).
 * A block in a pack has the kind of its list, except that i32 blocks are kept as differences
 * between neighbours (2) or, when shorter, as runs of equal differences (3: pairs of difference
 * and count), and that a block of an earlier checkpoint may be kept as a delta (4, 5, 6 for
 * list kinds 0, 1, 2): its bytes XOR those of its base, a block of the same list kind and size
 * (the block at its place in the next newer checkpoint), so bytes that did not change are zero;
 * from index format 3 a delta of list kind 0 or 1 is kept as runs of that XOR when they are
 * shorter (7, 8: core/session/checkpoint-run-delta.ts, the block's `runs` counting their bytes).
 */
export type ListKind = 0 | 1 | 2;
export type BlockKind = ListKind | 3 | 4 | 5 | 6 | 7 | 8;
/** Bytes per element of a block of each kind as stored (kinds 3, 7 and 8 are sized by their runs). */
const elementBytesOfKind = [1, 2, 4, 0, 1, 2, 4, 0, 0] as const;
/** The list kind of a block of each kind. */
const listKindOfKind = [0, 1, 2, 2, 0, 1, 2, 0, 1] as const;
/** The first delta kind (a delta of list kind k is of kind k + this). */
export const deltaKindBase = 4;
/** The first delta kind kept as runs (a delta of list kind k as runs is of kind k + this). */
export const runDeltaKindBase = 7;
/** The last kind of each index format (format 1 had no deltas, format 2 none as runs). */
export const lastKindOfFormat = [0, 3, 6, 8] as const;

/** The list kind a block of kind `kind` belongs in. */
export function listKindOf(kind: number): number {
  return listKindOfKind[kind as BlockKind] ?? -1;
}

/** Whether a block of kind `kind` is a delta of its base. */
export function isDeltaKind(kind: number): boolean {
  return kind >= deltaKindBase;
}

/** Whether a block of kind `kind` is a delta kept as runs. */
export function isRunDeltaKind(kind: number): boolean {
  return kind >= runDeltaKindBase;
}

/** Bytes per element of list kind `kind`. */
function elementBytesOfList(kind: number): number {
  return elementBytesOfKind[kind as ListKind] ?? 0;
}

/** Most elements in one block (the engine's are at most 4096 pages, or their chunk counts). */
export const maxBlockElements = 1 << 20;

/** A pack as an index describes its blocks (checkpoint-blocks.ts PackInfo). */
interface PackBlocks {
  rawBytes: number;
  kinds: Uint8Array;
  lengths: Uint32Array;
  runs: Uint32Array;
  bases: Int32Array;
}

/**
 * Throws SessionError 'corrupt' unless every block of pack `p` (numbered from 0) is of a kind up
 * to `maxKind`, of a possible size, with a base only when a delta, and together they add up to
 * its `rawBytes`.
 */
export function checkPackBlocks(pack: PackBlocks, p: number, maxKind: number): void {
  const { kinds, lengths, runs, bases } = pack;
  let raw = 0;
  for (let b = 0; b < kinds.length; b++) {
    const kind = kinds[b]!;
    if (kind > maxKind) throw damagedCheckpoints(`block ${b + 1} of pack ${p + 1} is of an unknown kind`);
    if (lengths[b]! === 0 || lengths[b]! > maxBlockElements || !possibleRuns(kind, lengths[b]!, runs[b]!))
      throw damagedCheckpoints(`block ${b + 1} of pack ${p + 1} has an impossible size`);
    if (bases[b] !== -1 && !isDeltaKind(kind))
      throw damagedCheckpoints(`block ${b + 1} of pack ${p + 1} is no delta but has a base`);
    raw += packedBytes(kind as BlockKind, lengths[b]!, runs[b]!);
  }
  if (raw !== pack.rawBytes) throw damagedCheckpoints(`pack ${p + 1} does not add up to its size`);
}

/** Whether a block of `kind` and `elements` may have `runs` (0 unless sized by them). */
function possibleRuns(kind: number, elements: number, runs: number): boolean {
  if (kind === 3) return runs <= elements;
  if (isRunDeltaKind(kind))
    return runs >= 2 && runs <= maxRunDeltaBytes(elements, elementBytesOfList(listKindOf(kind)));
  return runs === 0;
}

/**
 * Bytes a block takes in a pack (padded to 4): `runs` counts the runs of a kind 3 block and the
 * bytes of a kind 7 or 8 one.
 */
export function packedBytes(kind: BlockKind, elements: number, runs: number): number {
  if (kind === 3) return runs * 8;
  if (kind >= runDeltaKindBase) return Math.ceil(runs / 4) * 4;
  // A table, not listKindOf: this runs for every block of a file as it opens.
  return Math.ceil((elements * elementBytesOfKind[kind]) / 4) * 4;
}

/**
 * `target` XOR `src`, in place, over the bytes both have: word by word where both lie on 4-byte
 * boundaries (packs and blocks do; a save or an opening goes through half a GiB of these).
 */
export function xorInto(target: Uint8Array, src: Uint8Array): void {
  const bytes = Math.min(target.byteLength, src.byteLength);
  let i = 0;
  if ((target.byteOffset | src.byteOffset) % 4 === 0) {
    const words = bytes >>> 2;
    const t = new Int32Array(target.buffer, target.byteOffset, words);
    const s = new Int32Array(src.buffer, src.byteOffset, words);
    for (let w = 0; w < words; w++) t[w]! ^= s[w]!;
    i = words * 4;
  }
  for (; i < bytes; i++) target[i]! ^= src[i]!;
}

function bytesOf(block: BlockArray): Uint8Array {
  return new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
}

/** Writes the bytes of `block` XOR those of `base` (same type and size) into `out` at byte `at`. */
export function writeDelta(block: BlockArray, base: BlockArray, out: Uint8Array, at: number): void {
  const target = out.subarray(at, at + block.byteLength);
  target.set(bytesOf(block));
  xorInto(target, bytesOf(base));
}

const arrayOfSize = { 1: Uint8Array, 2: Uint16Array, 4: Int32Array } as const;

/**
 * `base` (read only) with the delta bytes at byte `at` of `raw` applied: a new block of its type,
 * or `into` (of its type and size) written.
 */
export function applyDelta<T extends BlockArray>(base: T, raw: Uint8Array, at: number, into?: T): T {
  // A copy of its own (a Buffer's slice would be a view of the pack, which this must not write).
  const out = into ?? (new arrayOfSize[base.BYTES_PER_ELEMENT as 1 | 2 | 4](base.length) as T);
  const bytes = out.byteLength;
  const delta = raw.subarray(at, at + bytes);
  if (
    ((out.byteOffset | base.byteOffset | delta.byteOffset | bytes) & 3) === 0 &&
    delta.byteLength === bytes
  ) {
    // One pass over the three in words: a copy of the base and then XOR in place read it twice.
    const words = bytes >>> 2;
    const o = new Int32Array(out.buffer, out.byteOffset, words);
    const b = new Int32Array(base.buffer, base.byteOffset, words);
    const d = new Int32Array(delta.buffer, delta.byteOffset, words);
    for (let w = 0; w < words; w++) o[w] = b[w]! ^ d[w]!;
    return out;
  }
  out.set(base);
  xorInto(bytesOf(out), delta);
  return out;
}

/** Runs of equal differences in an i32 block, stopping once past `limit`. */
export function countDeltaRuns(block: Int32Array, limit: number): number {
  let runs = 0;
  let prev = 0;
  let d = NaN;
  for (let i = 0; i < block.length && runs <= limit; i++) {
    const di = (block[i]! - prev) | 0;
    prev = block[i]!;
    if (di !== d) {
      runs++;
      d = di;
    }
  }
  return runs;
}

/**
 * The kind and run count a block of a list of `kind` is stored as: i32 blocks as runs when
 * those take less than half the bytes (page lists climb by one for dozens of pages at a time).
 */
export function storedKind(kind: ListKind, block: BlockArray): { kind: BlockKind; runs: number } {
  if (kind !== 2) return { kind, runs: 0 };
  const limit = block.length >>> 2;
  const runs = countDeltaRuns(block as Int32Array, limit);
  return runs <= limit ? { kind: 3, runs } : { kind: 2, runs: 0 };
}

/** Writes `block` into `out` at byte `at` as a pack holds it; `out` must be 4-byte aligned there. */
export function writeBlock(
  kind: BlockKind,
  block: BlockArray,
  runs: number,
  out: Uint8Array,
  at: number,
): void {
  if (kind < 2) {
    out.set(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), at);
    return;
  }
  const words = new Int32Array(out.buffer, out.byteOffset + at, kind === 2 ? block.length : runs * 2);
  let prev = 0;
  let w = 0;
  let count = 0;
  let d = 0;
  for (let i = 0; i < block.length; i++) {
    const x = block[i]!;
    const di = (x - prev) | 0;
    prev = x;
    if (kind === 2) {
      words[i] = di;
      continue;
    }
    if (count > 0 && di !== d) {
      words[w++] = d;
      words[w++] = count;
      count = 0;
    }
    d = di;
    count++;
  }
  if (kind === 3 && count > 0) {
    words[w++] = d;
    words[w++] = count;
  }
}

/**
 * Writes the `elements` entries of an i32 block (kind 2 or 3) stored from word `at` of `words`
 * (a pack as 32-bit words) into `out` from entry `to`. Throws SessionError when runs do not add up.
 */
export function decodeStackBlock(
  kind: BlockKind,
  words: Int32Array,
  at: number,
  elements: number,
  runs: number,
  out: Int32Array,
  to: number,
): void {
  let prev = 0;
  if (kind === 2) {
    for (let i = 0; i < elements; i++) {
      prev = (prev + words[at + i]!) | 0;
      out[to + i] = prev;
    }
    return;
  }
  let w = to;
  const end = to + elements;
  for (let r = at; r < at + runs * 2; r += 2) {
    const d = words[r]!;
    const count = words[r + 1]!;
    if (count < 1 || count > end - w) throw damagedCheckpoints('a run of a page list does not fit its block');
    for (const stop = w + count; w < stop; w++) {
      prev = (prev + d) | 0;
      out[w] = prev;
    }
  }
  if (w !== end) throw damagedCheckpoints('the runs of a page list do not fill its block');
}
