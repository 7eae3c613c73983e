import { hostStates, type HostState } from '../model/counters';

/** Thresholds in percent of minFree below which each state engages (ESXi 6.0+: 100/64/32/16). */
export interface StateThresholdsPct {
  clear: number;
  soft: number;
  hard: number;
  low: number;
}

/** Index of a state in {@link hostStates}: 0 = high (most free) .. 4 = low. */
export function stateIndex(state: HostState): number {
  return hostStates.indexOf(state);
}

function rawIndex(pct: number, t: StateThresholdsPct, raise: number): number {
  if (pct < t.low + raise) return 4;
  if (pct < t.hard + raise) return 3;
  if (pct < t.soft + raise) return 2;
  if (pct < t.clear + raise) return 1;
  return 0;
}

/** The state free memory alone implies, without hysteresis. */
export function rawHostState(freePages: number, minFreePages: number, t: StateThresholdsPct): HostState {
  const pct = minFreePages > 0 ? (100 * freePages) / minFreePages : Infinity;
  return hostStates[rawIndex(pct, t, 0)]!;
}

/**
 * Next free-memory state. A state engages as soon as free memory falls below its threshold;
 * on the way up a state is left only once free memory is `hysteresisPct` (of minFree) above
 * the threshold, so a host hovering at a boundary does not flap between two states.
 */
export function nextHostState(
  current: HostState,
  freePages: number,
  minFreePages: number,
  t: StateThresholdsPct,
  hysteresisPct: number,
): HostState {
  const pct = minFreePages > 0 ? (100 * freePages) / minFreePages : Infinity;
  const cur = stateIndex(current);
  const downIndex = rawIndex(pct, t, 0);
  if (downIndex >= cur) return hostStates[downIndex]!;
  return hostStates[Math.min(cur, rawIndex(pct, t, hysteresisPct))]!;
}
