import { hostStates } from '../../../../core/model/counters';
import type { HostState } from '../../../../core/model/counters';

/** A stretch of simulated time during which the host stayed in one free-memory state. */
export interface StateBand {
  state: HostState;
  fromS: number;
  /** Start of the next band (or the last sample), so bands tile the time axis without gaps. */
  toS: number;
}

/**
 * Runs of equal state over the full-resolution samples (never the decimated ones: a short
 * dip into "hard" must still show). O(samples).
 */
export function computeStateBands(
  time: ArrayLike<number>,
  state: ArrayLike<number>,
  length: number,
): StateBand[] {
  const bands: StateBand[] = [];
  const n = Math.min(length, time.length, state.length);
  let start = 0;
  for (let i = 1; i <= n; i += 1) {
    if (i < n && state[i] === state[start]) continue;
    const toS = i < n ? (time[i] ?? 0) : (time[n - 1] ?? 0);
    bands.push({ state: hostStates[state[start] ?? 0] ?? 'high', fromS: time[start] ?? 0, toS });
    start = i;
  }
  return bands;
}

export interface BandRect {
  state: HostState;
  x: number;
  width: number;
}

/**
 * Pixel extents of bands inside the plot area [left, right]; bands thinner than a pixel are
 * widened to one pixel so that a brief state still shows.
 */
export function bandRects(
  bands: readonly StateBand[],
  toPixel: (timeS: number) => number,
  left: number,
  right: number,
): BandRect[] {
  const out: BandRect[] = [];
  for (const band of bands) {
    const x0 = Math.max(left, toPixel(band.fromS));
    const x1 = Math.min(right, toPixel(band.toS));
    if (x1 < left || x0 > right || x1 < x0) continue;
    out.push({ state: band.state, x: x0, width: Math.max(1, x1 - x0) });
  }
  return out;
}

/** Free memory (MiB) below which each state engages: a percentage of minFree. */
export function thresholdMiB(minFreeMiB: number, pct: number): number {
  return (minFreeMiB * pct) / 100;
}
