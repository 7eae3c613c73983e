import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import type { WorldVersion } from '../../core/engine/world-version';
import { blockListsOf } from '../../core/session/checkpoint-blocks';
import type { Picked } from './checkpoint-file-plan';

const deflate = promisify(deflateRaw);
/** Pairs of neighbours whose small-state delta is measured per estimate. */
const sampledPairs = 8;

/**
 * The index bytes of a file of some checkpoints of `kept` (oldest first, its newest last): the
 * newest's small state deflated, and per earlier one its small-state delta of the next newer one
 * picked (`smallOf`, kept by the caller for the file's index), measured on a few pairs spread
 * over those picked, and a quarter byte per reference (mostly unchanged). `pause` lets the engine
 * run between two pairs measured. Measured on the pairs picked, not the two newest: those lie
 * close together and ended a run in a storm or a lull (an hour of datacenter-2x was estimated at
 * 16 MiB of index for a file that took 9.6, and held 64 checkpoints where 94 fit).
 */
export async function indexEstimate(
  kept: readonly Picked[],
  smallOf: (version: WorldVersion, newer: WorldVersion | null) => Uint8Array,
  pause: () => Promise<void>,
): Promise<(picked: readonly Picked[]) => Promise<number>> {
  const newest = kept.at(-1)!.version;
  const own = (await deflate(smallOf(newest, null), { level: 1 })).byteLength;
  const refs = blockListsOf(newest).reduce((n, list) => n + list.blocks.length, 0);
  return async (picked) => {
    const earlier = picked.length - 1;
    if (earlier <= 0) return own;
    const pairs = Math.min(sampledPairs, earlier);
    let sampled = 0;
    for (let k = 0; k < pairs; k++) {
      // The engine runs on between two (a large host's small state takes ms to encode).
      await pause();
      const j = Math.floor(((k + 0.5) * earlier) / pairs);
      sampled += smallOf(picked[j]!.version, picked[j + 1]!.version).byteLength;
    }
    return own + earlier * (sampled / pairs + refs / 4);
  };
}
