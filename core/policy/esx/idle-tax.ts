import type { IdleTaxType } from '../../scenario/policy-schema';

/**
 * One bracket of the idle memory tax: idle pages up to `idlePerActive` times the VM's active
 * pages (beyond the previous bracket's bound) cost `k` = 1 / (1 - rate) shares-per-page units each.
 */
export interface TaxBracket {
  idlePerActive: number;
  k: number;
}

/** The idle-tax cost factor k = 1/(1 - tau). */
export function idleCostFactor(idleTaxRate: number): number {
  return 1 / (1 - Math.min(0.99, Math.max(0, idleTaxRate)));
}

/**
 * The brackets of the idle memory tax at rate `idleTaxRate` (Mem.IdleTax, 0..0.99).
 * flat (Waldspurger 2002 §5.2, `Mem.IdleTaxType` 0): every idle page at the rate, k = 1/(1 - tau).
 * progressive (`Mem.IdleTaxType` 1, the ESXi default): "the effective tax rate increases as the
 * ratio of idle memory to active memory for the virtual machine rises" (vSphere Resource
 * Management). VMware publishes no brackets, so these are the lab's, built on the flat k: idle
 * pages up to the VM's active memory pay half the extra cost (k1 = (1 + k) / 2), those up to four
 * times it pay k, the rest twice the extra cost (k3 = 2k - 1). At 75%: k = 2.5, 4 and 7 (rates
 * 60%, 75% and 85.7%); at 0% no bracket is taxed.
 */
export function taxBrackets(idleTaxRate: number, type: IdleTaxType): TaxBracket[] {
  const k = idleCostFactor(idleTaxRate);
  if (type === 'flat') return [{ idlePerActive: Infinity, k }];
  return [
    { idlePerActive: 1, k: (1 + k) / 2 },
    { idlePerActive: 4, k },
    { idlePerActive: Infinity, k: 2 * k - 1 },
  ];
}

/** A VM's tax-adjusted cost of holding `pages` pages of which `activePages` are active. */
export function taxedCost(pages: number, activePages: number, brackets: readonly TaxBracket[]): number {
  const active = Math.min(activePages, pages);
  let idle = pages - active;
  let cost = active;
  let bound = 0;
  for (const b of brackets) {
    const width = b.idlePerActive === Infinity ? Infinity : (b.idlePerActive - bound) * active;
    const here = Math.min(idle, width);
    cost += here * b.k;
    idle -= here;
    bound = b.idlePerActive;
    if (idle <= 0) break;
  }
  return cost;
}

/** The pages at which a VM's taxed cost reaches `cost` (the inverse of {@link taxedCost}). */
export function pagesForCost(cost: number, activePages: number, brackets: readonly TaxBracket[]): number {
  if (cost <= activePages) return cost;
  let rest = cost - activePages;
  let pages = activePages;
  let bound = 0;
  for (const b of brackets) {
    const width = b.idlePerActive === Infinity ? Infinity : (b.idlePerActive - bound) * activePages;
    if (rest <= width * b.k) return pages + rest / b.k;
    rest -= width * b.k;
    pages += width;
    bound = b.idlePerActive;
  }
  return pages;
}
