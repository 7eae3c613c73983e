import type { Scenario } from '../scenario/scenario-schema';
import type { Engine, EngineSnapshot } from './engine-types';
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
