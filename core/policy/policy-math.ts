import { hostStates, type HostState } from '../model/counters';

/** Arithmetic shared by the policies. */

/**
 * True when the host is in a tighter state than `than`, the state at the policy's last
 * reallocation (null: it never reallocated): only then does a state change reallocate early.
 */
export function tighterState(state: HostState, than: HostState | null): boolean {
  return than === null || hostStates.indexOf(state) > hostStates.indexOf(than);
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** Ticks between two decisions of a policy that acts every `periodS` simulated seconds (at least 1). */
export function ticksPerPeriod(periodS: number, tickMs: number): number {
  return Math.max(1, Math.round((periodS * 1000) / tickMs));
}

/** True on the ticks a policy with period `periodS` decides (tick 0, then every period). */
export function isPeriodTick(tick: number, periodS: number, tickMs: number): boolean {
  return tick % ticksPerPeriod(periodS, tickMs) === 0;
}

/**
 * Splits `total` whole pages in proportion to `weights` (largest remainder; ties go to the
 * earlier index so the result is deterministic). Non-positive weights get nothing; when every
 * weight is non-positive everything stays unassigned and the result is all zeros.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const out = weights.map(() => 0);
  const sum = weights.reduce((s, w) => s + (w > 0 ? w : 0), 0);
  const whole = Math.max(0, Math.floor(total));
  if (whole === 0 || sum <= 0) return out;
  const fractions: Array<{ index: number; rest: number }> = [];
  let given = 0;
  weights.forEach((w, i) => {
    if (w <= 0) return;
    const exact = (whole * w) / sum;
    const floor = Math.floor(exact);
    out[i] = floor;
    given += floor;
    fractions.push({ index: i, rest: exact - floor });
  });
  fractions.sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (let k = 0; k < whole - given; k++) out[fractions[k % fractions.length]!.index]! += 1;
  return out;
}

/** One claimant in {@link weightedFill}: never below `floor`, never above `cap`. */
export interface FillItem {
  floor: number;
  cap: number;
  weight: number;
}

/**
 * Weighted water-filling: finds the level L with sum(clamp(weight * L, floor, cap)) = pool and
 * returns each item's share in whole pages (summing to the pool exactly when floors <= pool <=
 * caps). This is what proportional-share allocation with minimums and maximums reduces to:
 * ESX min-funding revocation with no idle tax (Waldspurger 2002 §5.1) and Hyper-V's memory
 * weight when the host is short. A pool below the floors returns the floors; above the caps,
 * the caps.
 */
export function weightedFill(pool: number, items: readonly FillItem[]): number[] {
  const floors = items.map((it) => Math.max(0, Math.floor(it.floor)));
  const caps = items.map((it, i) => Math.max(floors[i]!, Math.floor(it.cap)));
  const floorSum = floors.reduce((s, v) => s + v, 0);
  const capSum = caps.reduce((s, v) => s + v, 0);
  const target = Math.floor(pool);
  if (target <= floorSum) return floors;
  if (target >= capSum) return caps;

  const weights = items.map((it) => (it.weight > 0 ? it.weight : 0));
  // Items with no weight get memory only once every weighted item is full, and then equally.
  const weightedFull = weights.reduce((sum, w, i) => sum + (w > 0 ? caps[i]! : floors[i]!), 0);
  if (target > weightedFull) {
    const unweighted = items.flatMap((_, i) => (weights[i]! > 0 ? [] : [i]));
    const rest = weightedFill(
      target - weightedFull + unweighted.reduce((sum, i) => sum + floors[i]!, 0),
      unweighted.map((i) => ({ floor: floors[i]!, cap: caps[i]!, weight: 1 })),
    );
    const out = caps.slice();
    unweighted.forEach((i, k) => (out[i] = rest[k]!));
    return out;
  }
  // Items with no weight stay at their floor; the rest rise together with the level.
  const breakpoints: number[] = [];
  weights.forEach((w, i) => {
    if (w > 0) breakpoints.push(floors[i]! / w, caps[i]! / w);
  });
  breakpoints.sort((a, b) => a - b);
  const filled = (level: number) =>
    weights.reduce((s, w, i) => s + (w > 0 ? clamp(w * level, floors[i]!, caps[i]!) : floors[i]!), 0);

  // The fill is piecewise linear in the level: find the segment that crosses the target, then solve it.
  let lo = 0;
  for (const b of breakpoints) {
    if (filled(b) >= target) break;
    lo = b;
  }
  let fixedSum = 0;
  let slope = 0;
  weights.forEach((w, i) => {
    // Classify by the same divisions the breakpoints were made of, so float error cannot misplace an item.
    if (w <= 0) fixedSum += floors[i]!;
    else if (caps[i]! / w <= lo) fixedSum += caps[i]!;
    else if (floors[i]! / w > lo) fixedSum += floors[i]!;
    else slope += w;
  });
  const level = slope > 0 ? (target - fixedSum) / slope : lo;
  const exact = weights.map((w, i) => (w > 0 ? clamp(w * level, floors[i]!, caps[i]!) : floors[i]!));

  // Whole pages: floor everything, then hand the remainder to the largest fractions.
  const out = exact.map((v) => Math.floor(v));
  let rest = target - out.reduce((s, v) => s + v, 0);
  const order = exact
    .map((v, i) => ({ i, frac: v - Math.floor(v) }))
    .filter(({ i }) => out[i]! < caps[i]!)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    out[i]! += 1;
    rest -= 1;
  }
  return out;
}
