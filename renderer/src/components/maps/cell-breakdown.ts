import { formatPageRange } from './map-format';

export interface BreakdownRow {
  key: string;
  label: string;
  pages: number;
  /** Share of the cell's pages, 0..1. */
  fraction: number;
}

/** Pages a cell covers: the last cell of a window may be shorter than the others. */
export function cellPages(
  map: { firstPage: number; pageCount: number; pagesPerCell: number },
  cell: number,
): { firstPage: number; pageCount: number } {
  const firstPage = map.firstPage + cell * map.pagesPerCell;
  const end = Math.min(map.firstPage + map.pageCount, firstPage + map.pagesPerCell);
  return { firstPage, pageCount: Math.max(0, end - firstPage) };
}

export function cellRangeLabel(
  map: { firstPage: number; pageCount: number; pagesPerCell: number },
  cell: number,
): string {
  const { firstPage, pageCount } = cellPages(map, cell);
  return formatPageRange(firstPage, pageCount);
}

/** Rows for every state of one cell that has pages (legend order), with their shares. */
export function breakdown(
  counts: ArrayLike<number>,
  cell: number,
  keys: readonly string[],
  labels: Record<string, string>,
): BreakdownRow[] {
  const n = keys.length;
  let total = 0;
  for (let s = 0; s < n; s += 1) total += counts[cell * n + s] ?? 0;
  const rows: BreakdownRow[] = [];
  for (let s = 0; s < n; s += 1) {
    const pages = counts[cell * n + s] ?? 0;
    const key = keys[s] ?? '';
    if (pages > 0)
      rows.push({ key, label: labels[key] ?? key, pages, fraction: total > 0 ? pages / total : 0 });
  }
  return rows;
}

/**
 * Index of the largest count of one cell, skipping `skip` (the empty state); -1 when only the
 * skipped state has pages.
 */
export function dominantState(
  counts: ArrayLike<number>,
  cell: number,
  stateCount: number,
  skip: number,
): number {
  let best = -1;
  let bestPages = 0;
  for (let s = 0; s < stateCount; s += 1) {
    if (s === skip) continue;
    const pages = counts[cell * stateCount + s] ?? 0;
    if (pages > bestPages) {
      bestPages = pages;
      best = s;
    }
  }
  return best;
}

/** Share of a cell's pages in state `state`, rounded to eighths so few distinct colours remain. */
export function quantizedShare(
  counts: ArrayLike<number>,
  cell: number,
  stateCount: number,
  state: number,
): number {
  let total = 0;
  for (let s = 0; s < stateCount; s += 1) total += counts[cell * stateCount + s] ?? 0;
  if (total === 0) return 1;
  return Math.round(((counts[cell * stateCount + state] ?? 0) / total) * 8) / 8;
}
