/**
 * Integer arrays as runs of equal 32-bit words, or of equal differences between neighbouring
 * words (page lists climb in steps of one): the encodings of core/session/checkpoint-codec.ts.
 * Every integer array is read as words: one loop, one element type, which keeps these scans over
 * hundreds of MiB as fast as the engine's own.
 */

/**
 * Runs of equal 32-bit words (delta: of equal differences between neighbouring words, wrapping
 * as Int32 does), stopping once past `limit`. Every integer array is read as words: one loop,
 * one element type, which keeps this scan over hundreds of MiB as fast as the engine's own.
 */
export function countRuns(a: Int32Array, delta: boolean, limit: number): number {
  const n = a.length;
  if (n === 0) return 0;
  let runs = 1;
  if (delta) {
    let d = a[0]!;
    for (let i = 1; i < n && runs <= limit; i++) {
      const di = (a[i]! - a[i - 1]!) | 0;
      if (di !== d) {
        runs++;
        d = di;
      }
    }
  } else {
    let v = a[0]!;
    for (let i = 1; i < n && runs <= limit; i++) {
      const x = a[i]!;
      if (x !== v) {
        runs++;
        v = x;
      }
    }
  }
  return runs;
}

/** Run pairs (word, count) of `a` (delta: of its differences, the first taken from 0). */
export function writeRuns(a: Int32Array, delta: boolean, out: Int32Array): void {
  let w = 0;
  let prev = 0;
  let value = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const v = delta ? (x - prev) | 0 : x;
    prev = x;
    if (count > 0 && v !== value) {
      out[w++] = value;
      out[w++] = count;
      count = 0;
    }
    value = v;
    count++;
  }
  if (count > 0) {
    out[w++] = value;
    out[w++] = count;
  }
}

/**
 * The words of run pairs (of {@link writeRuns}) written into `words` from its start: the number
 * written, or -1 when a run does not fit (a count below 1, or past the end of `words`). With
 * `zeroed` (`words` are all zero) runs of equal zeros are left as they are.
 */
export function expandRuns(runs: Int32Array, delta: boolean, words: Int32Array, zeroed = false): number {
  const n = words.length;
  let w = 0;
  for (let r = 0; r + 1 < runs.length; r += 2) {
    const value = runs[r]!;
    const count = runs[r + 1]!;
    if (count < 1 || count > n - w) return -1;
    if (!delta) {
      if (value === 0 && zeroed) w += count;
      // A call to fill per run cost more than short runs' words (references change a block at a time).
      else if (count < 32) for (const end = w + count; w < end; w++) words[w] = value;
      else {
        words.fill(value, w, w + count);
        w += count;
      }
    } else {
      let prev = w > 0 ? words[w - 1]! : 0;
      for (const end = w + count; w < end; w++) {
        prev = (prev + value) | 0;
        words[w] = prev;
      }
    }
  }
  return w;
}

/**
 * The words run pairs hold when each fits in `n` words (a count from 1 to what is left), else -1:
 * {@link expandRuns}'s check without writing, for readers that skip runs.
 */
export function runWords(runs: Int32Array, n: number): number {
  let w = 0;
  for (let r = 1; r < runs.length; r += 2) {
    const count = runs[r]!;
    if (count < 1 || count > n - w) return -1;
    w += count;
  }
  return w;
}

/** Whether every run's word is zero (the words of runs of equal words are then all zero). */
export function zeroRuns(runs: Int32Array): boolean {
  for (let r = 0; r < runs.length; r += 2) if (runs[r] !== 0) return false;
  return true;
}

/**
 * `words` XOR the words of run pairs of equal words (checked by {@link runWords} to fit), in
 * place, up to word `end`: runs of zeros, most of a delta's, are skipped without a look at their words.
 */
export function xorRuns(runs: Int32Array, words: Int32Array, end = words.length): void {
  let w = 0;
  for (let r = 0; r + 1 < runs.length && w < end; r += 2) {
    const value = runs[r]!;
    const next = w + runs[r + 1]!;
    if (value !== 0) for (const stop = Math.min(next, end); w < stop; w++) words[w]! ^= value;
    w = next;
  }
}

/** Word `at` of run pairs of equal words (0 past their end). */
export function runWordAt(runs: Int32Array, at: number): number {
  let w = 0;
  for (let r = 0; r + 1 < runs.length; r += 2) {
    w += runs[r + 1]!;
    if (at < w) return runs[r]!;
  }
  return 0;
}
