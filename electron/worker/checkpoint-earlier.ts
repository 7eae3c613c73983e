import { keptFile } from './checkpoint-deflate';
import type { Kept, StoredCheckpoint } from './checkpoint-kept';

/**
 * Of `before` (oldest first), deflated ones spread evenly over them and together at most
 * `budgetBytes` (what a session file keeps besides its newest, `newestBytes` long: when one alone
 * would not fit, none is encoded), oldest first.
 */
export function spreadWithinBudget(
  before: readonly Kept[],
  budgetBytes: number,
  newestBytes: number,
): StoredCheckpoint[] {
  if (before.length === 0 || newestBytes > budgetBytes) return [];
  // Checkpoints of one run deflate to about the same size: as many as the budget holds.
  const room = Math.max(1, Math.floor(budgetBytes / Math.max(1, newestBytes)));
  const every = Math.max(1, Math.ceil(before.length / room));
  const out: StoredCheckpoint[] = [];
  let used = 0;
  for (let i = before.length - 1; i >= 0; i -= every) {
    const c = before[i]!;
    const bytes = keptFile(c);
    if (used + bytes.byteLength > budgetBytes) break;
    used += bytes.byteLength;
    out.unshift({ tick: c.tick, bytes });
  }
  return out;
}
