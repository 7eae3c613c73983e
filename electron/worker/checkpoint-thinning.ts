import type { Kept } from './checkpoint-kept';

/**
 * `list` with a quarter of its checkpoints gone, each the one whose stretch of engine work,
 * merged with the next one's, is the shortest (so the longest replay a jump may need grows as
 * little as it can); the one after each that goes takes its work. The oldest (a run's tick 0,
 * nearly all blocks of one value: no jump has to build an engine from nothing), the newest and
 * the pinned head stay.
 */
export function thinned(list: readonly Kept[]): Kept[] {
  const kept = list.slice();
  // One whose work is not known (an opened file's, its gap still to be filled) lies far from the
  // one before: it stays, and so does its gap for checkpoint-gaps.ts to fill.
  const work = (c: Kept): number => c.workMs ?? Infinity;
  for (let n = Math.max(1, kept.length >> 2); n > 0; n--) {
    let drop = -1;
    let merged = Infinity;
    for (let i = 1; i < kept.length - 1; i++) {
      const w = work(kept[i]!) + work(kept[i + 1]!);
      if (kept[i]!.pinned !== true && w < merged) [drop, merged] = [i, w];
    }
    if (drop < 0) break;
    kept[drop + 1]!.workMs = merged;
    kept.splice(drop, 1);
  }
  return kept;
}
