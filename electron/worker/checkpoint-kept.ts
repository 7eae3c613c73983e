import type { Engine } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import type { WorldVersion } from '../../core/engine/world-version';

/** One checkpoint as a session file holds it: the engine at `tick`, encoded (checkpoint-codec.ts) and deflated. */
export interface StoredCheckpoint {
  tick: number;
  bytes: Uint8Array;
}

/**
 * A kept checkpoint: the world's version (core/engine/world-version.ts), sharing every block
 * unchanged with its neighbours, or, for one that came from a session file, its deflated bytes
 * until a jump first needs it.
 */
export interface Kept {
  tick: number;
  version: WorldVersion | null;
  file: Uint8Array | null;
  /** The head of the run while a past tick is shown (time-travel.ts): never thinned away. */
  pinned?: boolean;
  /** Engine work from the checkpoint before it to this one, ms, when the run took it (see checkpoint-thinning.ts). */
  workMs?: number;
  /**
   * Builds the version of one that came from a session file (checkpoint-file.ts), when first
   * needed, with the bytes of block memory that made (the blocks it shares with those built
   * before it cost nothing new).
   */
  lazy?: () => { version: WorldVersion; addedBytes: number };
}

/** Stretches of more than a tick between two checkpoints of `list` whose engine work is not known. */
export function unmeasuredStretches(list: readonly Kept[]): { from: Kept; to: Kept }[] {
  const gaps: { from: Kept; to: Kept }[] = [];
  for (let i = 1; i < list.length; i++) {
    const from = list[i - 1]!;
    const to = list[i]!;
    if (to.workMs === undefined && to.tick - from.tick > 1) gaps.push({ from, to });
  }
  return gaps;
}

/** The world a checkpoint of `engine` versions, or null for an engine without one (a test double). */
export function worldOf(engine: Engine): SimEngine['world'] | null {
  return engine instanceof SimEngine ? engine.world : null;
}
