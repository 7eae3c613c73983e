import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellAt,
  cellRect,
  gridLayout,
  requestedCells,
} from '../../../../renderer/src/components/maps/grid-layout';
import {
  guestCellAt,
  guestMapLayout,
  guestRequestedCells,
} from '../../../../renderer/src/components/maps/guest-map-layout';

describe('grid layout', () => {
  it('asks for as many cells as fit at the target size', () => {
    expect(requestedCells(600, 300)).toBe(100 * 50);
    expect(requestedCells(2, 2)).toBe(1);
    expect(requestedCells(100_000, 100_000)).toBe(65_536);
  });

  it('fills the box with the biggest cells: 64 cells in 800x400 are 8 rows of... at most', () => {
    const l = gridLayout(0, 0, 800, 400, 64);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(64);
    expect(Math.min(800 / l.cols, 400 / l.rows)).toBeGreaterThanOrEqual(50);
    expect(l.gap).toBe(1);
  });

  it('puts cells in page order: left to right, then down', () => {
    const l = gridLayout(0, 0, 100, 100, 100);
    expect(l.cols).toBe(10);
    expect(cellRect(l, 1).x).toBeGreaterThan(cellRect(l, 0).x);
    expect(cellRect(l, 10).y).toBeGreaterThan(cellRect(l, 9).y);
    expect(cellRect(l, 10).x).toBe(cellRect(l, 0).x);
  });

  it('hit-tests every cell at every one of its pixels and nowhere else (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 400 }),
        fc.integer({ min: 10, max: 300 }),
        fc.integer({ min: 1, max: 3000 }),
        (w, h, cells) => {
          const l = gridLayout(3, 5, w, h, cells);
          const seen = new Set<number>();
          for (let c = 0; c < cells; c += Math.max(1, Math.floor(cells / 50))) {
            const r = cellRect(l, c);
            expect(r.x).toBeGreaterThanOrEqual(3);
            expect(r.y).toBeGreaterThanOrEqual(5);
            expect(r.x + r.w).toBeLessThanOrEqual(3 + l.width);
            expect(r.y + r.h).toBeLessThanOrEqual(5 + l.height + 1);
            if (r.w > 0 && r.h > 0 && l.rows <= h) {
              expect(cellAt(l, r.x, r.y)).toBe(c);
              expect(cellAt(l, r.x + r.w - 1, r.y + r.h - 1)).toBe(c);
            }
            seen.add(c);
          }
          expect(cellAt(l, 0, 0)).toBe(-1);
          expect(cellAt(l, 3 + l.width, 5)).toBe(-1);
        },
      ),
    );
  });

  it('reports no cell past the last one in a partly filled last row', () => {
    const l = gridLayout(0, 0, 100, 100, 7);
    const rect = cellRect(l, 6);
    const right = rect.x + rect.w + 2;
    if (l.cols * l.rows > 7 && right < 100) expect(cellAt(l, right, rect.y)).toBe(-1);
    expect(cellAt(l, rect.x, rect.y)).toBe(6);
  });

  it('lines up the guest and hypervisor strips cell for cell', () => {
    const g = guestMapLayout(600, 400, 2, 500);
    expect(g.hypervisor.cols).toBe(g.guest.cols);
    expect(g.hypervisor.y).toBeGreaterThan(g.guest.y + g.guest.height);
    expect(g.hypervisor.y + g.hypervisor.height).toBeLessThanOrEqual(400);
    for (const c of [0, 17, 499]) {
      const a = cellRect(g.guest, c);
      const b = cellRect(g.hypervisor, c);
      expect(b.x).toBe(a.x);
      expect(b.w).toBe(a.w);
      expect(guestCellAt(g, a.x, a.y)).toBe(c);
      expect(guestCellAt(g, b.x, b.y)).toBe(c);
    }
    expect(guestRequestedCells(600, 400, requestedCells)).toBeLessThan(requestedCells(600, 200));
  });
});
