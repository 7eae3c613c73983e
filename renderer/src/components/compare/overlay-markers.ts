import type { RecordedIntervention } from '../../../../core/scenario/event-schema';
import type { Scenario } from '../../../../core/scenario/scenario-schema';
import { timeMarkers } from '../charts/chart-markers';
import type { TimeMarker } from '../charts/time-overlay-plugin';

/** A compared run whose scheduled events and live changes the overlay charts mark. */
export interface MarkedRun {
  /** The run's name in the legend ("2. policy: kvm-mom"). */
  label: string;
  /** The run's line colour. */
  color: string;
  scenario: Scenario | null;
  interventions: readonly RecordedIntervention[];
}

/**
 * The markers of the overlay charts: each compared run's own scheduled events (dashed) and
 * interventions (solid), in that run's colour and named by the run in the tooltip, so that a
 * spike in one run lines up with the event of that run, not with the lab's.
 */
export function overlayMarkers(runs: readonly MarkedRun[]): TimeMarker[] {
  return runs
    .flatMap((run) =>
      // The VM colours timeMarkers picks are replaced by the run's: here a colour names a run.
      timeMarkers(run.scenario, run.interventions, false).map((m) => ({
        ...m,
        label: `${run.label} — ${m.label}`,
        color: run.color,
      })),
    )
    .sort((a, b) => a.timeS - b.timeS);
}
