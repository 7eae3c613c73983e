import type { Scenario } from '../../../core/scenario/scenario-schema';

/** Wall seconds after Run by which the first scheduled event should have happened. */
export const firstEventWithinS = 8;
/** Wall seconds a scenario without later events should take to watch through. */
const watchThroughS = 120;
/** Speeds a default may take: round numbers, never flat out (nobody could follow that). */
const niceSpeeds = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600] as const;
const maxDefaultSpeed = 600;

/**
 * The speed a freshly opened preset starts at, so that something happens soon after Run: the
 * first event after the start arrives within {@link firstEventWithinS} wall seconds (a 10:00
 * event runs at 90x, arriving after 6.7 s). Without such an event the whole run takes about
 * two minutes. Always one of a few round speeds, at most 600x.
 */
export function defaultSpeedFor(scenario: Pick<Scenario, 'durationS' | 'events'>): number {
  const later = scenario.events.filter((e) => e.atS > 0).map((e) => e.atS);
  const needed =
    later.length > 0 ? Math.min(...later) / firstEventWithinS : scenario.durationS / watchThroughS;
  return niceSpeeds.find((s) => s >= needed) ?? maxDefaultSpeed;
}
