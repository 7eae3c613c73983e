import { formatClock } from './format';

/** Shown instead of a clock when an event's time is not a time (text being typed, a negative). */
export const noTime = '—';

/**
 * An event's simulated second, or null when the draft holds something that is not a time:
 * text still being typed, an empty field or a negative number. Number('') is 0 and
 * Number('abc') is NaN, so a plain conversion would show such an event at 00:00:00.
 */
export function eventTimeS(atS: unknown): number | null {
  return typeof atS === 'number' && Number.isFinite(atS) && atS >= 0 ? atS : null;
}

/** The event's time as hh:mm:ss, or {@link noTime} when it is not a time. */
export function formatEventClock(atS: unknown): string {
  const s = eventTimeS(atS);
  return s === null ? noTime : formatClock(s);
}

/**
 * Orders events by time, those without a time last (where the user looks for the one being
 * fixed, not among the events at tick 0); ties keep the scenario's order.
 */
export function compareEventTimes(a: { atS: number | null; index: number }, b: typeof a): number {
  if (a.atS === null || b.atS === null) {
    if (a.atS !== b.atS) return a.atS === null ? 1 : -1;
  } else if (a.atS !== b.atS) return a.atS - b.atS;
  return a.index - b.index;
}

/** "at 00:01:00", or "with no valid time", for labels that name an event ("the event at …"). */
export function eventWhen(atS: unknown): string {
  const s = eventTimeS(atS);
  return s === null ? 'with no valid time' : `at ${formatClock(s)}`;
}
