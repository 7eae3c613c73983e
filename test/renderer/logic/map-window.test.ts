import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clampWindow,
  minWindowPages,
  pagesPerCell,
  panWindow,
  windowRequest,
  zoomWindow,
} from '../../../renderer/src/logic/map-window';

const total = 4 * 1024 * 1024; // 16 GiB of 4 KiB pages

describe('map window math', () => {
  it('zooms in around the anchor page: it keeps its relative position', () => {
    const w = zoomWindow(null, total, 4, total / 4);
    expect(w).toEqual({ firstPage: total / 4 - (0.25 * total) / 4, pageCount: total / 4 });
    const w2 = zoomWindow(w, total, 2, (w?.firstPage ?? 0) + (w?.pageCount ?? 0) / 2);
    expect(w2?.pageCount).toBe(total / 8);
    expect((w2?.firstPage ?? 0) + (w2?.pageCount ?? 0) / 2).toBe(
      (w?.firstPage ?? 0) + (w?.pageCount ?? 0) / 2,
    );
  });

  it('zooms around the middle without an anchor', () => {
    expect(zoomWindow(null, 1000, 2)).toEqual({ firstPage: 250, pageCount: 500 });
  });

  it('stops at single pages: never below the minimum window', () => {
    let w = zoomWindow(null, total, 2);
    for (let i = 0; i < 40; i += 1) w = zoomWindow(w, total, 2, 123_456);
    expect(w?.pageCount).toBe(minWindowPages);
    expect(pagesPerCell(w?.pageCount ?? 0, 4096)).toBe(1);
    expect(w?.firstPage).toBeLessThanOrEqual(123_456);
    expect((w?.firstPage ?? 0) + (w?.pageCount ?? 0)).toBeGreaterThan(123_456);
  });

  it('zooming out past everything gives back the whole map (null)', () => {
    const w = zoomWindow(null, total, 8, 10);
    expect(zoomWindow(w, total, 1 / 16, 10)).toBeNull();
  });

  it('pans within the ends and does nothing when not zoomed', () => {
    const w = { firstPage: 1000, pageCount: 500 };
    expect(panWindow(w, 2000, 200)).toEqual({ firstPage: 1200, pageCount: 500 });
    expect(panWindow(w, 2000, 10_000)).toEqual({ firstPage: 1500, pageCount: 500 });
    expect(panWindow(w, 2000, -10_000)).toEqual({ firstPage: 0, pageCount: 500 });
    expect(panWindow(null, 2000, 10)).toBeNull();
  });

  it('keeps every window inside the map (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 26 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0.05, max: 20, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.integer({ min: -1e7, max: 1e7 }),
          ),
          { maxLength: 20 },
        ),
        (pages, steps) => {
          let w: ReturnType<typeof zoomWindow> = null;
          for (const [factor, anchor, pan] of steps) {
            w = zoomWindow(w, pages, factor, anchor * pages);
            w = panWindow(w, pages, pan);
            if (w !== null) {
              expect(Number.isInteger(w.firstPage) && Number.isInteger(w.pageCount)).toBe(true);
              expect(w.firstPage).toBeGreaterThanOrEqual(0);
              expect(w.pageCount).toBeGreaterThanOrEqual(Math.min(minWindowPages, pages));
              expect(w.firstPage + w.pageCount).toBeLessThanOrEqual(pages);
              expect(w.pageCount).toBeLessThan(pages);
            }
          }
        },
      ),
    );
  });

  it('clamps a window that no longer fits (a smaller VM)', () => {
    expect(clampWindow({ firstPage: 900, pageCount: 500 }, 1000)).toEqual({ firstPage: 500, pageCount: 500 });
    expect(clampWindow({ firstPage: 0, pageCount: 10 }, 30)).toEqual({ firstPage: 0, pageCount: 30 });
  });

  it('asks the engine for the window, or for everything with its defaults', () => {
    expect(windowRequest(null, 5000)).toEqual({ cells: 5000 });
    expect(windowRequest({ firstPage: 64, pageCount: 128 }, 5000)).toEqual({
      cells: 5000,
      firstPage: 64,
      pageCount: 128,
    });
    expect(windowRequest(null, 1e9).cells).toBe(65_536);
    expect(windowRequest(null, 0).cells).toBe(1);
  });
});
