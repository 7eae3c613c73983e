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
 * written, or -1 when a run does not fit (a count below 1, or past the end of `words`).
 */
export function expandRuns(runs: Int32Array, delta: boolean, words: Int32Array): number {
  const n = words.length;
  let w = 0;
  for (let r = 0; r + 1 < runs.length; r += 2) {
    const value = runs[r]!;
    const count = runs[r + 1]!;
    if (count < 1 || count > n - w) return -1;
    if (!delta) {
      words.fill(value, w, w + count);
      w += count;
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
