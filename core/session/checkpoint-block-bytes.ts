import type { BlockArray } from '../memory/block-versions';
import { SessionError } from './session-error';

/**
 * Kind of a block list: page bytes (u8), cells and chunk counts (u16), page stack entries (i32).
 * A block in a pack has the kind of its list, except that i32 blocks are kept as differences
 * between neighbours (2) or, when shorter, as runs of equal differences (3: pairs of difference
 * and count).
 */
export type ListKind = 0 | 1 | 2;
export type BlockKind = ListKind | 3;
const elementBytes = [1, 2, 4] as const;

/** The list kind a block of kind `kind` belongs in. */
export function listKindOf(kind: number): number {
  return kind === 3 ? 2 : kind;
}

/** Bytes a block takes in a pack (padded to 4): `runs` counts the runs of a kind 3 block. */
export function packedBytes(kind: BlockKind, elements: number, runs: number): number {
  if (kind === 3) return runs * 8;
  return Math.ceil((elements * elementBytes[kind]) / 4) * 4;
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
    if (count < 1 || count > end - w)
      throw new SessionError(
        'corrupt',
        'The saved checkpoints are damaged: a run of a page list does not fit its block.',
      );
    for (const stop = w + count; w < stop; w++) {
      prev = (prev + d) | 0;
      out[w] = prev;
    }
  }
  if (w !== end)
    throw new SessionError(
      'corrupt',
      'The saved checkpoints are damaged: the runs of a page list do not fill its block.',
    );
}
