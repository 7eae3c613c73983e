import type { Scenario } from '../../core/scenario/scenario-schema';
import type { CheckpointStore } from './checkpoint-store';

/** A turn of the event loop: the engine's commands and run go on between two checkpoints built. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
  for (let i = ticks.length - 1; i >= 0; i--) {
    await nextTurn();
    if (!stillOpen()) return;
    const kept = store.nearest(ticks[i]!);
    if (kept === null || kept.tick !== ticks[i] || kept.lazy === undefined) continue;
    try {
      await prefetch(i);
      if (!stillOpen() || kept.lazy === undefined) continue;
      store.versionOf(kept, scenario);
    } catch {
      // A jump there builds it again and, when it does not open, replays instead.
    }
  }
}
