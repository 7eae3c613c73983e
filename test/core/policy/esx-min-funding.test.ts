import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minFundingAllocation, sharesPerPage, idleCostFactor } from '../../../core/policy/esx/min-funding';

describe('min-funding revocation with the idle memory tax (Waldspurger 2002 §5.2)', () => {
  const M = 100_000;
  const idleActive = 2_000;
  const claims = [
    { shares: 1000, activePages: idleActive, lo: 0, hi: M },
    { shares: 1000, activePages: M, lo: 0, hi: M },
  ];

  it('splits equally between an idle and an active VM of equal shares when tau = 0', () => {
    const [idle, active] = minFundingAllocation(M, claims, 0);
    expect(idle).toBe(M / 2);
    expect(active).toBe(M / 2);
  });

  it('settles the idle VM at (M + 3 A_idle) / 5 when tau = 75%', () => {
    const [idle, active] = minFundingAllocation(M, claims, 0.75);
    expect(idle).toBeCloseTo((M + 3 * idleActive) / 5, -1);
    expect(idle! + active!).toBe(M);
    // At the equilibrium both VMs have the same adjusted shares-per-page ratio.
    const k = idleCostFactor(0.75);
    expect(sharesPerPage(1000, idle!, idleActive, k)).toBeCloseTo(sharesPerPage(1000, active!, M, k), 6);
  });

  it('respects bounds and hands out exactly the pool when it fits', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            shares: fc.integer({ min: 1, max: 100_000 }),
            activePages: fc.integer({ min: 0, max: 50_000 }),
            lo: fc.integer({ min: 0, max: 10_000 }),
            extra: fc.integer({ min: 0, max: 50_000 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 400_000 }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        (raw, pool, tau) => {
          const cs = raw.map((r) => ({
            shares: r.shares,
            activePages: r.activePages,
            lo: r.lo,
            hi: r.lo + r.extra,
          }));
          const out = minFundingAllocation(pool, cs, tau);
          out.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(cs[i]!.lo);
            expect(p).toBeLessThanOrEqual(cs[i]!.hi);
          });
          const lo = cs.reduce((s, c) => s + c.lo, 0);
          const hi = cs.reduce((s, c) => s + c.hi, 0);
          if (pool >= lo && pool <= hi) expect(out.reduce((s, p) => s + p, 0)).toBe(pool);
        },
      ),
    );
  });

  it('gives more to the VM with more shares', () => {
    const [a, b] = minFundingAllocation(
      60_000,
      [
        { shares: 2000, activePages: 10_000, lo: 0, hi: 100_000 },
        { shares: 1000, activePages: 10_000, lo: 0, hi: 100_000 },
      ],
      0.75,
    );
    expect(a!).toBeGreaterThan(b!);
  });
});
