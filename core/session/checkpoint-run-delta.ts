import { damagedCheckpoints } from './session-error';

/**
 * A delta block as runs (index format 3): the elements of a block XOR those of its base, as runs
 * of equal values, each its element count (LEB128, 1 to 3 bytes) and its value (1 or 2 bytes,
 * little-endian). A checkpoint's delta of the next newer one is zero where nothing changed and
 * repeats one value where a stretch of pages moved together, so an hour of datacenter-2x's
 * deltas take 81 MiB as runs against 474 MiB as whole blocks: brotli inflates them five times
 * faster, and building an earlier checkpoint touches only what changed.
 *
 * What building that hour's 93 earlier checkpoints costs is the memory of their new blocks (0.8 GB,
 * first touched as they are written), not applying the runs: applied to blocks in cache, the page
 * bytes' 16 MB of runs take ~120 ms (a run of 16 or more XORed a word at a time) and the cells' and
 * chunk counts' 70 MB (20 M runs, 11 M of them not zero) ~140 ms. Skips and literal stretches of
 * the noisy u16 XORs (one byte per element, their high bytes being zero) took a third fewer bytes
 * and 11% fewer compressed, but applied no faster, so the runs stayed as they are.
 */
export type RunBlock = Uint8Array | Uint16Array;

/** Most bytes the runs of a block of `elements` elements of `elementBytes` bytes may take. */
export function maxRunDeltaBytes(elements: number, elementBytes: number): number {
  return elements * (elementBytes + 3);
}

/**
 * Writes the runs of `block` XOR `base` (of the same type and length) into `out` from byte `at`
 * and returns their bytes, or -1 as soon as they would take more than `limitBytes` (the block is
 * then better kept whole). `out` must have room for `limitBytes` + 5 bytes from `at`.
 */
export function encodeRunDelta(
  block: RunBlock,
  base: RunBlock,
  out: Uint8Array,
  at: number,
  limitBytes: number,
): number {
  const n = block.length;
  const wide = block.BYTES_PER_ELEMENT === 2;
  const end = at + limitBytes;
  let w = at;
  let i = 0;
  while (i < n) {
    const value = block[i]! ^ base[i]!;
    let e = i + 1;
    while (e < n && (block[e]! ^ base[e]!) === value) e++;
    let count = e - i;
    while (count >= 0x80) {
      out[w++] = (count & 0x7f) | 0x80;
      count >>>= 7;
    }
    out[w++] = count;
    out[w++] = value & 0xff;
    if (wide) out[w++] = value >>> 8;
    if (w > end) return -1;
    i = e;
  }
  return w - at;
}

/**
 * `base` with the runs of `bytes` bytes at byte `at` of `raw` applied, written into `out` (of its
 * type and length). Throws SessionError 'corrupt' when they do not cover the block exactly.
 */
export function applyRunDelta<T extends RunBlock>(
  base: T,
  raw: Uint8Array,
  at: number,
  bytes: number,
  out: T,
): T {
  out.set(base);
  return xorRunDelta(out, raw, at, bytes);
}

/**
 * `block` XOR the runs of `bytes` bytes at byte `at` of `raw`, in place: a block at the end of a
 * chain of deltas is built in one array, each delta of the chain applied to it in turn (XOR
 * undoes itself in any order), instead of building every block of the chain on the way. Throws
 * SessionError 'corrupt' when they do not cover the block exactly (it is then partly written).
 */
export function xorRunDelta<T extends RunBlock>(block: T, raw: Uint8Array, at: number, bytes: number): T {
  if (at + bytes > raw.byteLength) throw damagedCheckpoints('the runs of a delta block lie past its pack');
  // One function per element size, so that each sees one array type (building a checkpoint of a
  // large host applies tens of millions of runs).
  const filled =
    block.BYTES_PER_ELEMENT === 2
      ? applyWide(block as Uint16Array, raw, at, at + bytes)
      : applyNarrow(block as Uint8Array, raw, at, at + bytes);
  if (filled !== block.length) throw damagedCheckpoints('the runs of a delta block do not fill it');
  return block;
}

/** Elements the runs from `r` to `end` of `raw` cover, XORed into `out`; throws when they do not read. */
function applyNarrow(out: Uint8Array, raw: Uint8Array, r: number, end: number): number {
  const n = out.length;
  // Made at the first long run (a view per block cost more than the noisy blocks' runs).
  let words: Int32Array | null = null;
  const aligned = out.byteOffset % 4 === 0;
  let i = 0;
  while (r < end) {
    let count = raw[r++]!;
    if (count >= 0x80) {
      const read = longCount(raw, r, end, count);
      count = read >>> 2;
      r += read & 3;
    }
    if (r >= end) throw damagedCheckpoints('a run of a delta block has no value');
    const value = raw[r++]!;
    if (count < 1 || count > n - i) throw damagedCheckpoints('a run of a delta block does not fit its block');
    if (value === 0) i += count;
    else if (count < longRun || !aligned) for (const stop = i + count; i < stop; i++) out[i]! ^= value;
    else i = xorBytes(out, (words ??= wordsOf(out)), i, i + count, value);
  }
  return i;
}

function applyWide(out: Uint16Array, raw: Uint8Array, r: number, end: number): number {
  const n = out.length;
  let i = 0;
  while (r < end) {
    let count = raw[r++]!;
    if (count >= 0x80) {
      const read = longCount(raw, r, end, count);
      count = read >>> 2;
      r += read & 3;
    }
    if (r + 1 >= end) throw damagedCheckpoints('a run of a delta block has no value');
    const value = raw[r]! | (raw[r + 1]! << 8);
    r += 2;
    if (count < 1 || count > n - i) throw damagedCheckpoints('a run of a delta block does not fit its block');
    if (value === 0) i += count;
    else for (const stop = i + count; i < stop; i++) out[i]! ^= value;
  }
  return i;
}

/**
 * The count of a run whose first byte, `first`, says more follow from byte `r` of `raw`, times 4,
 * plus how many followed (a pair in one number: this runs for tens of millions of runs). Throws
 * when the count does not end before `end` or within 3 bytes.
 */
function longCount(raw: Uint8Array, r: number, end: number, first: number): number {
  let count = first & 0x7f;
  let shift = 7;
  let byte: number;
  const from = r;
  do {
    if (r >= end || shift > 14) throw damagedCheckpoints('a run of a delta block does not read');
    byte = raw[r++]!;
    count |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return count * 4 + (r - from);
}

/** Elements from which a run is XORed a word at a time (page bytes change in runs of dozens). */
const longRun = 16;

/** The 32-bit words of `block` (which starts on a word). */
function wordsOf(block: RunBlock): Int32Array {
  return new Int32Array(block.buffer, block.byteOffset, block.byteLength >>> 2);
}

/**
 * Elements `from` to `stop` of `out` (`words` its words) XOR `value`: the elements up to the
 * first word and past the last one by one, the words between at once. Returns `stop`.
 */
function xorBytes(out: Uint8Array, words: Int32Array, from: number, stop: number, value: number): number {
  let i = from;
  for (; (i & 3) !== 0; i++) out[i]! ^= value;
  const word = Math.imul(value, 0x01010101);
  const last = stop >>> 2;
  for (let w = i >>> 2; w < last; w++) words[w]! ^= word;
  for (i = Math.max(i, last << 2); i < stop; i++) out[i]! ^= value;
  return stop;
}
