import { restoreWorld } from '../engine/engine-snapshot';
import type { Engine } from '../engine/engine-types';
import { engineVersion } from '../engine/engine-version';
import { SimEngine } from '../engine/sim-engine';
import type { Scenario } from '../scenario/scenario-schema';
import { decodeCheckpoint } from './checkpoint-codec';
import { SessionError } from './session-error';
import { canonicalJson } from '../trace/replay-cursor';

/**
 * An engine continuing from the checkpoint `bytes` (checkpoint-codec.ts), which must be one of
 * `scenario`'s run under this engine version: throws SessionError 'corrupt' when the bytes are
 * damaged, 'invalid' when they belong to another engine version, scenario or a tick past `maxTick`,
 * so a caller can fall back to a replay. The decoded arrays are handed to the engine uncopied;
 * with `adopt` the raw ones are views of `bytes` (see decodeCheckpoint), which the caller gives up.
 */
export function restoreCheckpoint(
  bytes: Uint8Array,
  scenario: Scenario,
  maxTick: number,
  adopt = false,
): Engine {
  const snapshot = decodeCheckpoint(bytes, adopt);
  if (snapshot.engineVersion !== engineVersion)
    throw new SessionError(
      'invalid',
      `The checkpoint was made by engine ${snapshot.engineVersion.slice(0, 64)}; this is engine ${engineVersion}.`,
    );
  if (snapshot.tick > maxTick)
    throw new SessionError('invalid', `The checkpoint at tick ${snapshot.tick} is past tick ${maxTick}.`);
  if (canonicalJson(snapshot.scenario) !== canonicalJson(scenario))
    throw new SessionError('invalid', 'The checkpoint belongs to another scenario.');
  let engine: Engine;
  try {
    engine = new SimEngine(restoreWorld({ ...snapshot, scenario }, true));
  } catch (error) {
    throw new SessionError(
      'corrupt',
      `The checkpoint is damaged: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (engine.tick !== snapshot.tick)
    throw new SessionError('corrupt', 'The checkpoint is damaged: its tick.');
  return engine;
}
