/** A checkpoint as the spread sees it: its tick and the engine work since the one before, ms, when known. */
export interface Spaced {
  tick: number;
  workMs?: number;
}

/**
 * Where each of `all` lies along the run: the engine work from the first, ms (a boot storm costs
 * many times a quiet minute per tick), or ticks when some checkpoint's work is not known (one
 * from a session file).
 */
function positions(all: readonly Spaced[]): number[] {
  const byWork = all.every((c, i) => i === 0 || (Number.isFinite(c.workMs) && c.workMs! >= 0));
  const at = [0];
  for (let i = 1; i < all.length; i++)
    at.push(at[i - 1]! + (byWork ? all[i]!.workMs! : all[i]!.tick - all[i - 1]!.tick));
  return at;
}

/** The fewest of `at` (indices) from the first to the last with no stretch between two longer than `most`; null when one stretch alone is. */
function within(at: readonly number[], most: number): number[] | null {
  const kept = [0];
  let i = 0;
  while (i < at.length - 1) {
    let j = i + 1;
    if (at[j]! - at[i]! > most) return null;
    while (j + 1 < at.length && at[j + 1]! - at[i]! <= most) j++;
    kept.push(j);
    i = j;
  }
  return kept;
}

/**
 * `count` of `earlier` (oldest first) and `newest`, chosen so that the longest stretch between two
 * of them, what a jump after opening replays at most, is as short as it can be: the shortest
 * longest stretch that so many allow (searched by halving), then the others each splitting the
 * longest stretch left. The oldest (a run's tick 0, nearly all blocks of one value: it costs next
 * to nothing) and the newest (a file opens from it) always stay.
 */
export function spreadPicks<T extends Spaced>(earlier: readonly T[], newest: T, count: number): T[] {
  if (count >= earlier.length) return [...earlier, newest];
  if (count <= 0) return [newest];
  const all = [...earlier, newest];
  const at = positions(all);
  let low = 0;
  let high = at.at(-1)!;
  let best = within(at, high)!;
  for (let k = 0; k < 60 && high - low > 1e-6 * Math.max(1, high); k++) {
    const mid = (low + high) / 2;
    const kept = within(at, mid);
    if (kept !== null && kept.length <= count + 1) {
      best = kept;
      high = mid;
    } else low = mid;
  }
  const picked = new Set(best);
  while (picked.size < count + 1) {
    const order = [...picked].sort((a, b) => a - b);
    let split = -1;
    let longest = -1;
    for (let p = 1; p < order.length; p++) {
      const [a, b] = [order[p - 1]!, order[p]!];
      if (b - a > 1 && at[b]! - at[a]! > longest) {
        longest = at[b]! - at[a]!;
        // The one nearest the middle of the stretch.
        const middle = (at[a]! + at[b]!) / 2;
        split = a + 1;
        for (let c = a + 2; c < b; c++)
          if (Math.abs(at[c]! - middle) < Math.abs(at[split]! - middle)) split = c;
      }
    }
    if (split < 0) break;
    picked.add(split);
  }
  return [...picked].sort((a, b) => a - b).map((i) => all[i]!);
}
