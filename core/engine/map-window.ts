import type { MapRequest } from '../model/memory-maps';

/** Windows larger than this many pages are always summarised from chunk counts. */
export const DIRECT_LIMIT_PAGES = 1 << 20;

/** Where a map's cells fall: page range, pages per cell, and whether chunk counts can be used. */
export interface MapWindow {
  firstPage: number;
  /** Pages covered (within the map). */
  pageCount: number;
  pagesPerCell: number;
  cells: number;
  /** True: every cell is whole chunks (sum chunk counts); false: count pages one by one. */
  byChunk: boolean;
}

/**
 * Lays out a map request over `total` pages with chunks of 2^shift pages. When a cell would
 * hold a chunk or more (or the window is large), cells are aligned to whole chunks so a
 * summary costs O(cells + chunks); when zoomed in below a chunk, pages are counted directly
 * (at most DIRECT_LIMIT_PAGES of them), down to one page per cell.
 */
export function mapWindow(req: MapRequest, total: number, shift: number): MapWindow {
  const first = Math.min(total, Math.max(0, Math.floor(req.firstPage ?? 0)));
  const count = Math.min(total - first, Math.max(0, Math.floor(req.pageCount ?? total - first)));
  const maxCells = Math.max(1, Math.floor(req.cells));
  if (count === 0) return { firstPage: first, pageCount: 0, pagesPerCell: 1, cells: 0, byChunk: false };
  const chunk = 2 ** shift;
  const direct = Math.ceil(count / maxCells);
  if (direct < chunk && count <= DIRECT_LIMIT_PAGES) {
    return {
      firstPage: first,
      pageCount: count,
      pagesPerCell: direct,
      cells: Math.ceil(count / direct),
      byChunk: false,
    };
  }
  const aligned = Math.floor(first / chunk) * chunk;
  const span = first + count - aligned;
  const perCell = Math.ceil(Math.ceil(span / maxCells) / chunk) * chunk;
  const cells = Math.ceil(span / perCell);
  return {
    firstPage: aligned,
    pageCount: Math.min(total - aligned, cells * perCell),
    pagesPerCell: perCell,
    cells,
    byChunk: true,
  };
}
