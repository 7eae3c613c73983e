import type { Scenario } from '../scenario/scenario-schema';
import type { Engine, EngineSnapshot, RecordedIntervention } from './engine-types';
import { createWorld } from './engine-world';
import { restoreWorld } from './engine-snapshot';
import { SimEngine } from './sim-engine';

/** A new engine at tick 0 for a parsed scenario (see parseScenario). */
export function createEngine(scenario: Scenario): Engine {
  return new SimEngine(createWorld(scenario));
}

/** An engine continuing exactly from a snapshot (byte-identical to never having stopped). */
export function restoreEngine(snapshot: EngineSnapshot): Engine {
  return new SimEngine(restoreWorld(snapshot));
}

/**
 * Re-runs a scenario with recorded interventions, each applied at its tick, and stops at
 * `tick`: the engine that was live when they were made.
 */
export function replayEngine(
  scenario: Scenario,
  interventions: readonly RecordedIntervention[],
  tick: number,
): Engine {
  const engine = createEngine(scenario);
  const ordered = interventions.map((r, i) => ({ r, i })).sort((a, b) => a.r.tick - b.r.tick || a.i - b.i);
  for (const { r } of ordered) {
    if (r.tick > tick) break;
    engine.runUntil(r.tick);
    if (engine.tick !== r.tick)
      throw new Error(`intervention at tick ${r.tick} is past the end of the run (${engine.endTick})`);
    engine.apply(r.intervention);
  }
  engine.runUntil(tick);
  return engine;
}
