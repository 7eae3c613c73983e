import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minFundingAllocation, sharesPerPage } from '../../../core/policy/esx/min-funding';
import { pagesForCost, taxBrackets, taxedCost } from '../../../core/policy/esx/idle-tax';

const flat = (tau: number) => taxBrackets(tau, 'flat');

describe('min-funding revocation with the idle memory tax (Waldspurger 2002 §5.2)', () => {
  const M = 100_000;
  const idleActive = 2_000;
  const claims = [
    { shares: 1000, activePages: idleActive, lo: 0, hi: M },
    { shares: 1000, activePages: M, lo: 0, hi: M },
  ];

  it('splits equally between an idle and an active VM of equal shares when tau = 0', () => {
    const [idle, active] = minFundingAllocation(M, claims, flat(0));
    expect(idle).toBe(M / 2);
    expect(active).toBe(M / 2);
  });

  it('settles the idle VM at (M + 3 A_idle) / 5 when tau = 75%', () => {
    const [idle, active] = minFundingAllocation(M, claims, flat(0.75));
    expect(idle).toBeCloseTo((M + 3 * idleActive) / 5, -1);
    expect(idle! + active!).toBe(M);
    // At the equilibrium both VMs have the same adjusted shares-per-page ratio.
    const tax = flat(0.75);
    expect(sharesPerPage(1000, idle!, idleActive, tax)).toBeCloseTo(sharesPerPage(1000, active!, M, tax), 6);
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
        fc.constantFrom('flat' as const, 'progressive' as const),
        (raw, pool, tau, type) => {
          const cs = raw.map((r) => ({
            shares: r.shares,
            activePages: r.activePages,
            lo: r.lo,
            hi: r.lo + r.extra,
          }));
          const out = minFundingAllocation(pool, cs, taxBrackets(tau, type));
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
      flat(0.75),
    );
    expect(a!).toBeGreaterThan(b!);
  });
});

describe('progressive idle memory tax (Mem.IdleTaxType 1)', () => {
  const tax = taxBrackets(0.75, 'progressive');

  it('taxes idle memory at k 2.5, 4 and 7 as the idle:active ratio passes 1 and 4, and not at all at 0%', () => {
    expect(tax.map((b) => b.k)).toEqual([2.5, 4, 7]);
    expect(taxBrackets(0, 'progressive').map((b) => b.k)).toEqual([1, 1, 1]);
    // 1000 active pages: 1000 idle at k 2.5, 3000 at k 4, the last 1000 at k 7.
    expect(taxedCost(6000, 1000, tax)).toBeCloseTo(1000 + 2500 + 12_000 + 7000, 6);
    expect(pagesForCost(taxedCost(6000, 1000, tax), 1000, tax)).toBeCloseTo(6000, 6);
  });

  it('raises the effective rate as the VM gets idler, and inverts exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (active, idle, more) => {
          const effective = (i: number) => (taxedCost(active + i, active, tax) - active) / i;
          if (idle > 0) expect(effective(idle + more)).toBeGreaterThanOrEqual(effective(idle) - 1e-9);
          expect(pagesForCost(taxedCost(active + idle, active, tax), active, tax)).toBeCloseTo(
            active + idle,
            6,
          );
        },
      ),
    );
  });

  it('reclaims more from a fully idle VM than the flat tax does, and the same total', () => {
    const claims = [
      { shares: 1000, activePages: 0, lo: 0, hi: 100_000 },
      { shares: 1000, activePages: 100_000, lo: 0, hi: 100_000 },
    ];
    const [idleP, activeP] = minFundingAllocation(100_000, claims, tax);
    const [idleF] = minFundingAllocation(100_000, claims, taxBrackets(0.75, 'flat'));
    expect(idleP).toBeLessThan(idleF!);
    expect(idleP! + activeP!).toBe(100_000);
  });
});
