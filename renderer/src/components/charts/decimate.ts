/**
 * Min/max decimation: the sample range is cut into buckets and each bucket keeps, for every
 * series, the sample with its smallest and its largest value. Peaks and dips survive however
 * long the run (a 1 px spike of swapping still shows), and all series keep the same sample
 * indices, so stacked areas stay stacked. The first and last samples are always kept.
 *
 * Returns ascending indices. When there are few samples, every index.
 */
export function minMaxIndices(
  series: readonly ArrayLike<number>[],
  length: number,
  buckets: number,
): Uint32Array {
  const n = Math.max(0, Math.floor(length));
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b + 2) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i += 1) all[i] = i;
    return all;
  }
  const out: number[] = [0];
  const inner = n - 2;
  const picked: number[] = [];
  for (let k = 0; k < b; k += 1) {
    const start = 1 + Math.floor((k * inner) / b);
    const end = 1 + Math.floor(((k + 1) * inner) / b);
    if (end <= start) continue;
    picked.length = 0;
    for (const ys of series) {
      let minI = -1;
      let maxI = -1;
      let min = Infinity;
      let max = -Infinity;
      for (let i = start; i < end; i += 1) {
        const v = ys[i];
        if (v === undefined || Number.isNaN(v)) continue;
        if (v < min) {
          min = v;
          minI = i;
        }
        if (v > max) {
          max = v;
          maxI = i;
        }
      }
      // A series that is all gaps here keeps one sample so the gap still shows.
      if (minI < 0) picked.push(start);
      else picked.push(minI, maxI);
    }
    picked.sort((x, y) => x - y);
    let last = -1;
    for (const i of picked) {
      if (i !== last) out.push(i);
      last = i;
    }
  }
  out.push(n - 1);
  return Uint32Array.from(out);
}

/** Fresh array of the values at `indices`: Chart.js may patch it, the source stays untouched. */
export function pick(source: ArrayLike<number>, indices: ArrayLike<number>): number[] {
  const out = new Array<number>(indices.length);
  for (let k = 0; k < indices.length; k += 1) out[k] = source[indices[k] ?? 0] ?? Number.NaN;
  return out;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Fresh {x, y} points for Chart.js (parsing off), NaN y kept as a gap. With `compactFlat`,
 * runs of equal y keep only their ends: the line drawn is identical, but a flat series (a
 * performance index at 1, a constant size) costs two points instead of hundreds.
 */
export function points(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  indices: ArrayLike<number>,
  compactFlat = false,
): Point[] {
  const out: Point[] = [];
  const n = indices.length;
  for (let k = 0; k < n; k += 1) {
    const i = indices[k] ?? 0;
    const yi = y[i] ?? Number.NaN;
    if (compactFlat && k > 0 && k < n - 1) {
      const prev = y[indices[k - 1] ?? 0];
      const next = y[indices[k + 1] ?? 0];
      if (prev === yi && next === yi) continue;
    }
    out.push({ x: x[i] ?? Number.NaN, y: yi });
  }
  return out;
}
