/** A window of simulated time, seconds. */
export interface TimeRange {
  fromS: number;
  toS: number;
}

/** The narrowest window a chart zooms to: a few samples stay visible. */
export const minSpanS = 10;

/** `range` moved and cut so that it lies inside `extent` (keeping its span where it fits). */
export function clampRange(range: TimeRange, extent: TimeRange): TimeRange {
  const extentSpan = Math.max(0, extent.toS - extent.fromS);
  const span = Math.min(Math.max(range.toS - range.fromS, Math.min(minSpanS, extentSpan)), extentSpan);
  let fromS = Math.max(extent.fromS, Math.min(range.fromS, extent.toS - span));
  if (!Number.isFinite(fromS)) fromS = extent.fromS;
  return { fromS, toS: fromS + span };
}

/**
 * Zooms `range` (null = the whole `extent`) by `factor` (> 1 zooms in) around `anchorS`, which
 * stays under the pointer. Returns null when the result covers the whole extent again.
 */
export function zoomRange(
  range: TimeRange | null,
  extent: TimeRange,
  factor: number,
  anchorS: number,
): TimeRange | null {
  const current = range ?? extent;
  if (!(factor > 0) || !Number.isFinite(factor)) return range;
  const span = current.toS - current.fromS;
  const nextSpan = Math.max(minSpanS, span / factor);
  if (nextSpan >= extent.toS - extent.fromS) return null;
  const anchor = Math.min(
    current.toS,
    Math.max(current.fromS, Number.isFinite(anchorS) ? anchorS : current.fromS),
  );
  const ratio = span > 0 ? (anchor - current.fromS) / span : 0.5;
  const fromS = anchor - ratio * nextSpan;
  return clampRange({ fromS, toS: fromS + nextSpan }, extent);
}

/** Moves `range` by `deltaS` (positive = later), staying inside `extent`. */
export function panRange(range: TimeRange | null, extent: TimeRange, deltaS: number): TimeRange | null {
  if (range === null || !Number.isFinite(deltaS)) return range;
  return clampRange({ fromS: range.fromS + deltaS, toS: range.toS + deltaS }, extent);
}
