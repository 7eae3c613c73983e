import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { deepEqual } from './live-changes';

/** What a window shows of a run: its scenario, how far it got and what was changed live. */
export interface ShownRun {
  scenario: Scenario | null;
  tick: number;
  interventions: readonly RecordedIntervention[];
}

/**
 * Whether `next` only moves the shown run on (it stopped at its end, another window ran it):
 * the same scenario, every intervention the window knows still recorded, no step back in
 * time. Such a state needs no rebuild of maps, charts and logs, which would blank them while
 * the history reloads.
 */
export function continuesRun(shown: ShownRun, next: ShownRun): boolean {
  const known = shown.interventions;
  return (
    shown.scenario !== null &&
    next.tick >= shown.tick &&
    next.interventions.length >= known.length &&
    known.every((r, i) => deepEqual(r, next.interventions[i])) &&
    deepEqual(next.scenario, shown.scenario)
  );
}
