import { restoreWorld } from '../engine/engine-snapshot';
import { versionOfSnapshot, type WorldVersion } from '../engine/world-version';
import type { Engine, EngineSnapshot } from '../engine/engine-types';
import { engineVersion } from '../engine/engine-version';
import { SimEngine } from '../engine/sim-engine';
import type { Scenario } from '../scenario/scenario-schema';
import { maxCheckpointArrayBytes } from './checkpoint-array-bound';
import { decodeCheckpoint } from './checkpoint-codec';
import { SessionError } from './session-error';
import { CHUNK_STRIDE, chunkShiftFor } from '../memory/guest-pages';
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
  const snapshot = checkedSnapshot(bytes, scenario, maxTick, adopt);
  let engine: Engine;
  try {
    engine = new SimEngine(restoreWorld({ ...snapshot, scenario }, true));
  } catch (error) {
    throw damaged(error);
  }
  if (engine.tick !== snapshot.tick)
    throw new SessionError('corrupt', 'The checkpoint is damaged: its tick.');
  return engine;
}

function damaged(error: unknown): SessionError {
  return new SessionError(
    'corrupt',
    `The checkpoint is damaged: ${error instanceof Error ? error.message : String(error)}.`,
  );
}

/**
 * The checkpoint `bytes` as a world version (core/engine/world-version.ts) to restore from any
 * number of times, its blocks views of `bytes` (which the caller gives up); checked like
 * {@link restoreCheckpoint}, whose errors it throws, and its page arrays against the sizes
 * they claim, so a damaged one is refused here rather than when a jump restores it.
 */
export function versionOfCheckpoint(bytes: Uint8Array, scenario: Scenario, maxTick: number): WorldVersion {
  const snapshot = checkedCheckpoint(bytes, scenario, maxTick);
  let version: WorldVersion;
  try {
    version = versionOfSnapshot({ ...snapshot, scenario });
  } catch (error) {
    throw damaged(error);
  }
  return version;
}

/**
 * The snapshot a checkpoint holds, checked against `scenario`, `maxTick` and the sizes of its page
 * arrays (throws SessionError like {@link restoreCheckpoint}); its raw arrays are views of `bytes`
 * (a freshly inflated buffer, which the caller gives up).
 */
export function checkedCheckpoint(bytes: Uint8Array, scenario: Scenario, maxTick: number): EngineSnapshot {
  const snapshot = checkedSnapshot(bytes, scenario, maxTick, true);
  try {
    checkShapes(versionOfSnapshot({ ...snapshot, scenario }));
  } catch (error) {
    throw error instanceof SessionError ? error : damaged(error);
  }
  return { ...snapshot, scenario };
}

/** The page arrays of a version hold the pages they claim (a damaged file could say otherwise). */
export function checkShapes(v: WorldVersion): void {
  const fail = (what: string): never => {
    throw new SessionError('corrupt', `The checkpoint is damaged: ${what} has the wrong size.`);
  };
  if (v.machine.cells.length !== v.machine.pages) fail('the host memory');
  if (!Array.isArray(v.vms) || v.vms.length !== v.scenario.vms.length) fail('the list of VMs');
  v.vms.forEach((vm, i) => {
    const p = vm.pages;
    if (p === null) return;
    const chunkShift = chunkShiftFor(p.pages);
    if (p.bytes.length !== p.pages) fail(`VM ${i + 1}'s pages`);
    if (p.chunks.length !== Math.ceil(p.pages / 2 ** chunkShift) * CHUNK_STRIDE) fail(`VM ${i + 1}'s chunks`);
  });
}

function checkedSnapshot(
  bytes: Uint8Array,
  scenario: Scenario,
  maxTick: number,
  adopt: boolean,
): ReturnType<typeof decodeCheckpoint> {
  const snapshot = decodeCheckpoint(bytes, adopt, false, maxCheckpointArrayBytes(scenario));
  if (snapshot.engineVersion !== engineVersion)
    throw new SessionError(
      'invalid',
      `The checkpoint was made by engine ${snapshot.engineVersion.slice(0, 64)}; this is engine ${engineVersion}.`,
    );
  if (snapshot.tick > maxTick)
    throw new SessionError('invalid', `The checkpoint at tick ${snapshot.tick} is past tick ${maxTick}.`);
  if (canonicalJson(snapshot.scenario) !== canonicalJson(scenario))
    throw new SessionError('invalid', 'The checkpoint belongs to another scenario.');
  return snapshot;
}
