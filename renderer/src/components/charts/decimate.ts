/**
 * Min/max decimation: the sample range [start, end) is cut into buckets and each bucket keeps,
 * for every series, the sample with its smallest and its largest value. Peaks and dips survive
 * however long the run (a 1 px spike of swapping still shows), and all series keep the same
 * sample indices, so stacked areas stay stacked. The first and last samples are always kept.
 *
 * Returns ascending indices. When there are few samples, every index of the range.
 */
export function minMaxIndices(
  series: readonly ArrayLike<number>[],
  end: number,
  buckets: number,
  start = 0,
): Uint32Array {
  const first = Math.max(0, Math.floor(start));
  const n = Math.max(first, Math.floor(end));
  const count = n - first;
  const b = Math.max(1, Math.floor(buckets));
  if (count <= 2 * b + 2) {
    const all = new Uint32Array(count);
    for (let k = 0; k < count; k += 1) all[k] = first + k;
    return all;
  }
  const out: number[] = [first];
  const inner = count - 2;
  const picked: number[] = [];
  for (let k = 0; k < b; k += 1) {
    const from = first + 1 + Math.floor((k * inner) / b);
    const to = first + 1 + Math.floor(((k + 1) * inner) / b);
    if (to <= from) continue;
    picked.length = 0;
    for (const ys of series) {
      let minI = -1;
      let maxI = -1;
      let min = Infinity;
      let max = -Infinity;
      for (let i = from; i < to; i += 1) {
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
      if (minI < 0) picked.push(from);
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
 * performance index at 1, a constant size) costs four points instead of hundreds.
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
    // The two outermost points on each side stay: a zoomed window has one sample beyond each
    // edge, and Chart.js sizes the y axis from the points inside the visible range only.
    if (compactFlat && k > 1 && k < n - 2) {
      const prev = y[indices[k - 1] ?? 0];
      const next = y[indices[k + 1] ?? 0];
      if (prev === yi && next === yi) continue;
    }
    out.push({ x: x[i] ?? Number.NaN, y: yi });
  }
  return out;
}
