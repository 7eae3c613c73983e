import { addedVersionBytes } from '../../core/engine/version-bytes';
import { saveWorldVersion, type WorldVersion } from '../../core/engine/world-version';
import type { Engine } from '../../core/engine/engine-types';
import { encodeCheckpoint } from '../../core/session/checkpoint-codec';
import { deflated } from './checkpoint-deflate';
import { worldOf, type Kept } from './checkpoint-kept';

/**
 * `engine`'s exact state now as the pinned head of the run (time-travel.ts), with the engine work
 * since the checkpoint before it (`workMs`, when known) and the memory it adds, counted against
 * `previous` (that checkpoint's version): only the blocks changed since then are copied.
 */
export function pinnedHead(
  engine: Engine,
  workMs: number | undefined,
  previous: WorldVersion | null,
): { kept: Kept; addedBytes: number } {
  const world = worldOf(engine);
  const version = world !== null ? saveWorldVersion(world) : null;
  // An engine without a world to version (a test double) is kept as a file checkpoint.
  const file = version === null ? deflated(encodeCheckpoint(engine.snapshot())) : null;
  const kept: Kept = {
    tick: engine.tick,
    version,
    file,
    pinned: true,
    ...(workMs !== undefined ? { workMs } : {}),
  };
  return { kept, addedBytes: version !== null ? addedVersionBytes(version, previous) : file!.byteLength };
}
