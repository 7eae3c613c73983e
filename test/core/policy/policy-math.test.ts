import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportion, isPeriodTick, ticksPerPeriod, weightedFill } from '../../../core/policy/policy-math';

const arbItems = fc.array(
  fc.record({
    floor: fc.integer({ min: 0, max: 10_000 }),
    span: fc.integer({ min: 0, max: 10_000 }),
    weight: fc.integer({ min: 0, max: 1000 }),
  }),
  { minLength: 1, maxLength: 12 },
);

describe('weightedFill', () => {
  it('splits in proportion to weight when no bound binds', () => {
    expect(
      weightedFill(3000, [
        { floor: 0, cap: 10_000, weight: 2 },
        { floor: 0, cap: 10_000, weight: 1 },
      ]),
    ).toEqual([2000, 1000]);
  });

  it('gives capped items their cap and the rest to the others', () => {
    expect(
      weightedFill(3000, [
        { floor: 0, cap: 500, weight: 1 },
        { floor: 0, cap: 10_000, weight: 1 },
      ]),
    ).toEqual([500, 2500]);
  });

  it('never goes below a floor', () => {
    expect(
      weightedFill(3000, [
        { floor: 2500, cap: 10_000, weight: 1 },
        { floor: 0, cap: 10_000, weight: 1 },
      ]),
    ).toEqual([2500, 500]);
  });

  it('returns floors when the pool cannot cover them and caps when it covers more', () => {
    const items = [
      { floor: 100, cap: 200, weight: 1 },
      { floor: 300, cap: 400, weight: 5 },
    ];
    expect(weightedFill(10, items)).toEqual([100, 300]);
    expect(weightedFill(10_000, items)).toEqual([200, 400]);
  });

  it('always respects bounds, hits the pool exactly when feasible, and is deterministic', () => {
    fc.assert(
      fc.property(arbItems, fc.integer({ min: 0, max: 200_000 }), (raw, pool) => {
        const items = raw.map((r) => ({ floor: r.floor, cap: r.floor + r.span, weight: r.weight }));
        const out = weightedFill(pool, items);
        out.forEach((v, i) => {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(items[i]!.floor);
          expect(v).toBeLessThanOrEqual(items[i]!.cap);
        });
        const floors = items.reduce((s, it) => s + it.floor, 0);
        const caps = items.reduce((s, it) => s + it.cap, 0);
        const sum = out.reduce((s, v) => s + v, 0);
        expect(sum).toBe(Math.min(caps, Math.max(floors, pool)));
        expect(weightedFill(pool, items)).toEqual(out);
      }),
    );
  });

  it('gives items of weight 0 memory only once the weighted ones are full, then equally (Hyper-V memory weight 0)', () => {
    expect(weightedFill(2, [{ floor: 0, cap: 3, weight: 0 }])).toEqual([2]);
    expect(
      weightedFill(10, [
        { floor: 0, cap: 4, weight: 5000 },
        { floor: 0, cap: 10, weight: 0 },
        { floor: 0, cap: 10, weight: 0 },
      ]),
    ).toEqual([4, 3, 3]);
    expect(
      weightedFill(3, [
        { floor: 0, cap: 4, weight: 5000 },
        { floor: 0, cap: 10, weight: 0 },
      ]),
    ).toEqual([3, 0]);
  });

  it('gives a heavier item at least as much as a lighter one with the same bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 5000 }),
        (a, b, pool) => {
          const [x, y] = weightedFill(pool, [
            { floor: 0, cap: 3000, weight: a },
            { floor: 0, cap: 3000, weight: b },
          ]);
          if (a > b) expect(x! + 1).toBeGreaterThanOrEqual(y!);
          if (a === b) expect(Math.abs(x! - y!)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('apportion', () => {
  it('splits whole pages by weight with the remainder to the largest fractions', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });

  it('sums to the total whenever some weight is positive', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (total, w) => {
          const out = apportion(total, w);
          const sum = out.reduce((s, v) => s + v, 0);
          expect(sum).toBe(w.some((x) => x > 0) ? total : 0);
          out.forEach((v, i) => (w[i] === 0 ? expect(v).toBe(0) : expect(v).toBeGreaterThanOrEqual(0)));
        },
      ),
    );
  });
});

describe('decision cadence', () => {
  it('converts a period to ticks and fires on its multiples', () => {
    expect(ticksPerPeriod(10, 1000)).toBe(10);
    expect(ticksPerPeriod(10, 500)).toBe(20);
    expect(ticksPerPeriod(1, 2000)).toBe(1);
    expect([0, 5, 10, 20].map((t) => isPeriodTick(t, 10, 1000))).toEqual([true, false, true, true]);
  });
});
