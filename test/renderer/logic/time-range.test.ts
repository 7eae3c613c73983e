import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampRange, minSpanS, panRange, zoomRange } from '../../../renderer/src/logic/time-range';

const extent = { fromS: 0, toS: 3600 };

describe('time range of the charts', () => {
  it('zooms in around the anchor, which stays where it was on the axis', () => {
    const r = zoomRange(null, extent, 2, 900)!;
    expect(r.toS - r.fromS).toBe(1800);
    // 900 s was a quarter into the run; it is a quarter into the window still.
    expect((900 - r.fromS) / (r.toS - r.fromS)).toBeCloseTo(0.25);
  });

  it('shows the whole run again when zoomed out past it, and never narrower than the minimum', () => {
    expect(zoomRange({ fromS: 100, toS: 200 }, extent, 0.01, 150)).toBeNull();
    const narrow = zoomRange({ fromS: 100, toS: 120 }, extent, 1000, 110)!;
    expect(narrow.toS - narrow.fromS).toBe(minSpanS);
    expect(zoomRange({ fromS: 1, toS: 2 }, extent, Number.NaN, 5)).toEqual({ fromS: 1, toS: 2 });
  });

  it('pans within the run, keeping the span', () => {
    expect(panRange({ fromS: 100, toS: 200 }, extent, 50)).toEqual({ fromS: 150, toS: 250 });
    expect(panRange({ fromS: 100, toS: 200 }, extent, -500)).toEqual({ fromS: 0, toS: 100 });
    expect(panRange({ fromS: 3000, toS: 3500 }, extent, 500)).toEqual({ fromS: 3100, toS: 3600 });
    expect(panRange(null, extent, 50)).toBeNull();
  });

  it('always stays inside the run, whatever the gesture', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (factor, anchor, delta) => {
          const zoomed = zoomRange(null, extent, factor, anchor);
          const panned = panRange(zoomed, extent, delta);
          for (const r of [zoomed, panned]) {
            if (r === null) continue;
            expect(r.fromS).toBeGreaterThanOrEqual(0);
            expect(r.toS).toBeLessThanOrEqual(3600 + 1e-9);
            expect(r.toS - r.fromS).toBeGreaterThanOrEqual(minSpanS - 1e-9);
          }
        },
      ),
    );
    expect(clampRange({ fromS: 5, toS: 50 }, { fromS: 0, toS: 3 })).toEqual({ fromS: 0, toS: 3 });
  });
});
