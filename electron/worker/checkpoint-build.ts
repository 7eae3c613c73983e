import { restoreWorldAdopting } from '../../core/engine/world-version';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { versionOfCheckpoint } from '../../core/session/checkpoint-restore';
import { SessionError } from '../../core/session/session-error';
import { checkpointOfFile, damaged, inflated } from './checkpoint-deflate';
import type { Kept, StoredCheckpoint } from './checkpoint-kept';

/**
 * Builds the version of `checkpoint`, which has none yet, from its file (throws SessionError when
 * it does not open). Returns the bytes of block memory that added when its builder knows them (an
 * opened file's lazy one), else null: the caller counts it from its neighbours.
 */
export function buildVersion(checkpoint: Kept, scenario: Scenario): number | null {
  if (checkpoint.lazy !== undefined) {
    // What it made is what it adds: a recount from its neighbours, three walks of every
    // block, took a tenth of building one of a large host's.
    let built: ReturnType<NonNullable<Kept['lazy']>>;
    try {
      built = checkpoint.lazy();
    } catch (error) {
      // Damaged: not built again (the caller forgets it, or leaves it for a jump to skip).
      checkpoint.lazy = undefined;
      throw error;
    }
    checkpoint.version = built.version;
    checkpoint.lazy = undefined;
    return built.addedBytes;
  }
  // One of a file that did not build before: refused again (a jump then takes the one before it).
  if (checkpoint.file === null)
    throw new SessionError('corrupt', `The checkpoint at tick ${checkpoint.tick} is damaged.`);
  checkpoint.version = versionOfCheckpoint(inflated(checkpoint.file), scenario, checkpoint.tick);
  return null;
}

/**
 * The world of a saved session's newest checkpoint and its version: the world takes the inflated
 * arrays as they are and the version shares them (restoreWorldAdopting), so no page is copied.
 * Throws SessionError when it does not restore.
 */
export function openedCheckpoint(
  newest: StoredCheckpoint,
  scenario: Scenario,
): ReturnType<typeof restoreWorldAdopting> {
  const snapshot = checkpointOfFile(newest.bytes, scenario, newest.tick);
  try {
    return restoreWorldAdopting(snapshot);
  } catch (error) {
    throw damaged(error);
  }
}
