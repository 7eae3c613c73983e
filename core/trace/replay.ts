import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/engine-types';
import type { RecordedIntervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';
import { ReplayCursor } from './replay-cursor';

/**
 * Re-runs recorded interventions on a new engine (tick 0), or on one restored from a checkpoint
 * of the same run (it goes on with those it has not applied), each applied at its tick in the
 * order recorded, and stops at `tick`: the engine that was live when they were made.
 * Interventions after `tick` are not applied. `advanceTo` moves the engine forward; the default goes straight
 * there, and a caller that reports the samples and log lines on the way passes its
 * RunLoop (run-loop.ts) instead; the engine ends in the same state either way.
 */
export function replayInterventions(
  engine: Engine,
  interventions: readonly RecordedIntervention[],
  tick: number,
  advanceTo: (tick: number) => void = (t) => engine.runUntil(t),
): void {
  const cursor = new ReplayCursor(engine, interventions, tick);
  while (!cursor.step(advanceTo));
}

/** A new engine for `scenario` with the recorded interventions replayed up to `tick`. */
export function replayEngine(
  scenario: Scenario,
  interventions: readonly RecordedIntervention[],
  tick: number,
): Engine {
  const engine = createEngine(scenario);
  replayInterventions(engine, interventions, tick);
  return engine;
}
