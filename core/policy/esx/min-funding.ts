import { pagesForCost, taxedCost, type TaxBracket } from './idle-tax';

/** One VM in a min-funding revocation: shares, estimated active pages and page bounds. */
export interface FundingClaim {
  shares: number;
  /** Estimated active pages A = f x configured size. */
  activePages: number;
  lo: number;
  hi: number;
}

/**
 * Adjusted shares-per-page ratio rho = S / (P (f + k (1 - f))) with f = A / P
 * (Waldspurger 2002 §5.2): idle pages cost k times as much as active ones; with several
 * brackets ({@link taxBrackets}) each idle page costs its bracket's k.
 */
export function sharesPerPage(
  shares: number,
  pages: number,
  activePages: number,
  brackets: readonly TaxBracket[],
): number {
  if (pages <= 0) return Infinity;
  return shares / taxedCost(pages, activePages, brackets);
}

function allocationAt(
  x: number,
  claims: readonly FundingClaim[],
  brackets: readonly TaxBracket[],
  out: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i]!;
    const p = Math.min(c.hi, Math.max(c.lo, pagesForCost(c.shares * x, c.activePages, brackets)));
    out[i] = p;
    sum += p;
  }
  return sum;
}

/**
 * Min-funding revocation with an idle memory tax: the allocation where every VM not held at
 * a bound has the same rho, i.e. memory was revoked from the lowest-rho VMs until the rest
 * fit in `pool`. Bounds win over the pool (floors first). Whole pages; the result sums to
 * the pool whenever the floors fit below it and the caps above it. With k = 1 (tau = 0) this
 * is plain proportional share; with the flat tax two VMs of equal shares, one idle (A_i) and
 * one fully active, settle the idle one at (M + (k-1) A_i) / (k + 1): (M + 3 A_i) / 5 for
 * tau = 75%.
 */
export function minFundingAllocation(
  pool: number,
  claims: readonly FundingClaim[],
  brackets: readonly TaxBracket[],
): number[] {
  const floors = claims.reduce((s, c) => s + c.lo, 0);
  const caps = claims.reduce((s, c) => s + Math.max(c.lo, c.hi), 0);
  // Arrays here are built by push, not map: an optimized Array#map returns holey arrays (and
  // `map(() => 0)` small-integer ones the search then stores fractions in), a new array map
  // each time for the code that reads them to deoptimize on.
  const whole: number[] = [];
  if (pool <= floors) {
    for (const c of claims) whole.push(Math.floor(c.lo));
    return whole;
  }
  if (pool >= caps) {
    for (const c of claims) whole.push(Math.floor(Math.max(c.lo, c.hi)));
    return whole;
  }
  const out = new Float64Array(claims.length);
  // x is the cost per share; every allocation grows with it.
  let lo = 0;
  let hi = 1;
  while (allocationAt(hi, claims, brackets, out) < pool) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (allocationAt(mid, claims, brackets, out) < pool) lo = mid;
    else hi = mid;
  }
  allocationAt(hi, claims, brackets, out);
  for (const p of out) whole.push(Math.floor(p));
  let rest = Math.floor(pool) - whole.reduce((s, p) => s + p, 0);
  // Hand leftover pages to the largest fractions (ties to the earlier VM) without passing caps.
  const order: { i: number; frac: number }[] = [];
  for (const [i, p] of out.entries()) order.push({ i, frac: p - Math.floor(p) });
  order.sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    if (whole[i]! + 1 <= claims[i]!.hi) {
      whole[i]!++;
      rest--;
    }
  }
  return whole;
}
