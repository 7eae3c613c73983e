import type { MapRequest } from '../../../core/model/memory-maps';

/** A window of consecutive pages (machine pages on the host map, guest PPNs on a guest map). */
export interface MapWindow {
  firstPage: number;
  pageCount: number;
}

/**
 * The smallest window a map zooms to. With at least this many cells on the canvas one cell
 * is one page, and the cells stay big enough to point at.
 */
export const minWindowPages = 64;

/** Keeps a window inside [0, totalPages) and at least {@link minWindowPages} long. */
export function clampWindow(window: MapWindow, totalPages: number): MapWindow {
  const total = Math.max(1, Math.floor(totalPages));
  const pageCount = Math.min(total, Math.max(Math.min(minWindowPages, total), Math.round(window.pageCount)));
  const firstPage = Math.min(total - pageCount, Math.max(0, Math.round(window.firstPage)));
  return { firstPage, pageCount };
}

/** null stands for "the whole map", so the engine is asked with its defaults. */
export function normalizeWindow(window: MapWindow, totalPages: number): MapWindow | null {
  const clamped = clampWindow(window, totalPages);
  return clamped.pageCount >= Math.floor(totalPages) ? null : clamped;
}

export function resolveWindow(window: MapWindow | null, totalPages: number): MapWindow {
  return window ?? { firstPage: 0, pageCount: Math.max(1, Math.floor(totalPages)) };
}

/**
 * Zooms by `factor` (> 1 zooms in) keeping `anchorPage` at the same relative position, so
 * the page under the pointer stays under the pointer.
 */
export function zoomWindow(
  current: MapWindow | null,
  totalPages: number,
  factor: number,
  anchorPage?: number,
): MapWindow | null {
  const win = resolveWindow(current, totalPages);
  const anchor = anchorPage ?? win.firstPage + win.pageCount / 2;
  const fraction = Math.min(1, Math.max(0, (anchor - win.firstPage) / win.pageCount));
  const pageCount = win.pageCount / factor;
  return normalizeWindow({ firstPage: anchor - fraction * pageCount, pageCount }, totalPages);
}

/** Moves the window by `deltaPages` (negative = towards page 0), stopping at the ends. */
export function panWindow(
  current: MapWindow | null,
  totalPages: number,
  deltaPages: number,
): MapWindow | null {
  if (current === null) return null;
  return normalizeWindow(
    { firstPage: current.firstPage + deltaPages, pageCount: current.pageCount },
    totalPages,
  );
}

/** The request the engine gets for a window and the cells the canvas can show. */
export function windowRequest(window: MapWindow | null, cells: number): MapRequest {
  const c = Math.min(65_536, Math.max(1, Math.floor(cells)));
  return window === null
    ? { cells: c }
    : { cells: c, firstPage: window.firstPage, pageCount: window.pageCount };
}

/** Pages per cell the engine will use for a window (it never splits a page). */
export function pagesPerCell(pageCount: number, cells: number): number {
  return Math.max(1, Math.ceil(pageCount / Math.max(1, cells)));
}
