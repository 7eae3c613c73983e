import type { Scenario } from '../../core/scenario/scenario-schema';
import { yieldToEngine } from './checkpoint-file-compress';
import type { CheckpointStore } from './checkpoint-store';

/** Checkpoints whose packs are being decompressed ahead of the one being built. */
const prefetchAhead = 4;

/**
 * A turn after the callbacks already queued for this one (setTimeout runs in the next turn's
 * timers, setImmediate's queued now before them): the slice of the load that opened the file,
 * which answers the lab, goes first.
 */
function afterQueued(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Builds the earlier checkpoints of an opened session file in `store`, newest to oldest (each one
 * is the next newer with its changed blocks applied, so each costs only its own deltas), one per
 * turn of the event loop, so that a jump soon after opening finds them built and the engine
 * stays responsive meanwhile. `prefetch(i)` decompresses what checkpoint `i` needs off the
 * engine's thread first. Stops once `stillOpen` says another run or file took over; one that does
 * not build is left for a jump to find (it then replays instead).
 */
export async function warmEarlier(
  ticks: readonly number[],
  store: CheckpointStore,
  scenario: Scenario,
  stillOpen: () => boolean,
  prefetch: (i: number) => Promise<void>,
): Promise<void> {
  // The packs of the next few are decompressed while one is built, so the builds follow one
  // another without waiting (a hundred checkpoints of a large host: each a few ms of zlib).
  const decompressing = new Map<number, Promise<void>>();
  const ahead = (i: number): void => {
    if (i < 0 || decompressing.has(i) || store.nearest(ticks[i]!)?.lazy === undefined) return;
    decompressing.set(
      i,
      prefetch(i).catch(() => undefined),
    );
  };
  // The load's answer first: looking up the first ones' packs and starting to decompress them
  // takes tens of ms for a large host.
  await afterQueued();
  for (let i = ticks.length - 1; i >= 0; i--) {
    if (!stillOpen()) return;
    for (let k = i; k > i - prefetchAhead; k--) ahead(k);
    // The engine's commands and run go on between two checkpoints built.
    await yieldToEngine();
    if (!stillOpen()) return;
    const kept = store.nearest(ticks[i]!);
    await decompressing.get(i);
    decompressing.delete(i);
    if (!stillOpen() || kept === null || kept.tick !== ticks[i] || kept.lazy === undefined) continue;
    try {
      store.versionOf(kept, scenario);
    } catch {
      // A jump there builds it again and, when it does not open, replays instead.
    }
  }
}
