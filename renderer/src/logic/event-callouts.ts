import type { ScenarioEvent } from '../../../core/scenario/event-schema';
import { describeWorkload } from '../../../core/workload/describe-workload';
import { formatClock } from './format';

/** Events named one by one in a callout; more are counted ("and 3 more"). */
const maxNamed = 2;

/** A scheduled event in words with its numbers: `00:10:00 app1: workload set to idle 256 MiB, 2% active, ...`. */
export function describeScheduledEvent(e: ScenarioEvent, vmName: string = e.vm): string {
  const parts: string[] = [];
  if (e.power !== undefined) parts.push(e.power === 'on' ? 'powers on' : 'powers off');
  const set = e.set ?? {};
  if (set.workload !== undefined) parts.push(`workload set to ${describeWorkload(set.workload)}`);
  if (set.reservationMiB !== undefined) parts.push(`reservation set to ${set.reservationMiB} MiB`);
  if (set.limitMiB !== undefined)
    parts.push(set.limitMiB === null ? 'limit removed' : `limit set to ${set.limitMiB} MiB`);
  if (set.shares !== undefined) parts.push(`shares set to ${String(set.shares)}`);
  if (set.balloonDriver !== undefined) parts.push(`balloon driver ${set.balloonDriver}`);
  return `${formatClock(e.atS)} ${vmName}: ${parts.join('; ') || 'no change'}`;
}

/**
 * The events the clock passed moving from `fromS` to `toS` (after `fromS`, up to and including
 * `toS`), in time order. Nothing when it did not move forward (a jump back, a reset).
 */
export function eventsPassed(events: readonly ScenarioEvent[], fromS: number, toS: number): ScenarioEvent[] {
  if (!(toS > fromS)) return [];
  return events.filter((e) => e.atS > fromS && e.atS <= toS).sort((a, b) => a.atS - b.atS);
}

/**
 * One callout for the events of one clock step: a fast run passes several at once, and one
 * line each would bury everything else. Null when there is nothing to say.
 */
export function calloutText(
  passed: readonly ScenarioEvent[],
  nameOf: (vmId: string) => string = (id) => id,
): string | null {
  if (passed.length === 0) return null;
  const named = passed.slice(0, maxNamed).map((e) => describeScheduledEvent(e, nameOf(e.vm)));
  const rest = passed.length - named.length;
  return rest > 0 ? `${named.join('. ')}. And ${rest} more event${rest === 1 ? '' : 's'}.` : named.join('. ');
}
