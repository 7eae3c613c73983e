import type { Rng } from '../random/rng';
import type { GuestPages } from '../memory/guest-pages';
import { CLASS_HOT, classOf } from '../memory/page-codes';

/**
 * EMA gains of the working-set estimator (Waldspurger 2002 §5.3 names the three averages but
 * not their gains). The slow average weighs the last ~8 periods (gain 1/8), the fast one the
 * last ~2 (gain 1/2); taking the maximum of slow, fast and fast-with-the-current-period makes
 * the estimate rise within a period when a VM gets busy and decay over minutes when it idles.
 */
export const SLOW_GAIN = 1 / 8;
export const FAST_GAIN = 1 / 2;

/** The memory monitor of one VM. */
export interface MonitorState {
  /** Sampled PPNs of the current period. */
  samples: number[];
  /** 1 when the sampled page has been touched this period. */
  touched: number[];
  touchedCount: number;
  ticksInPeriod: number;
  slow: number;
  fast: number;
  /** f = t/n of the last completed period, -1 before the first. */
  lastFraction: number;
  periods: number;
}

export function newMonitorState(): MonitorState {
  return {
    samples: [],
    touched: [],
    touchedCount: 0,
    ticksInPeriod: 0,
    slow: 0,
    fast: 0,
    lastFraction: -1,
    periods: 0,
  };
}

/** Picks `n` pages uniformly at random (with replacement) and clears their touched state. */
export function startPeriod(m: MonitorState, pages: GuestPages, rng: Rng, n: number): void {
  m.samples.length = n;
  m.touched.length = n;
  for (let i = 0; i < n; i++) {
    m.samples[i] = rng.int(pages.pages);
    m.touched[i] = 0;
  }
  m.touchedCount = 0;
  m.ticksInPeriod = 0;
}

/** Marks the sampled pages the guest touched this tick (its hot working set). */
export function observeTick(m: MonitorState, pages: GuestPages): void {
  const bytes = pages.bytes;
  for (let i = 0; i < m.samples.length; i++) {
    if (m.touched[i] === 0 && classOf(bytes[m.samples[i]!]!) === CLASS_HOT) {
      m.touched[i] = 1;
      m.touchedCount++;
    }
  }
  m.ticksInPeriod++;
}

/** Closes a period: f = t/n feeds both averages. Returns f. */
export function endPeriod(m: MonitorState): number {
  const n = m.samples.length;
  const f = n > 0 ? m.touchedCount / n : 0;
  m.slow += SLOW_GAIN * (f - m.slow);
  m.fast += FAST_GAIN * (f - m.fast);
  m.lastFraction = f;
  m.periods++;
  return f;
}

/** The estimated active fraction of the VM's memory: max(slow, fast, fast with the current period). */
export function estimate(m: MonitorState): number {
  const n = m.samples.length;
  const current = n > 0 ? m.touchedCount / n : 0;
  const fastCurrent = m.fast + FAST_GAIN * (current - m.fast);
  return Math.max(m.slow, m.fast, fastCurrent);
}
