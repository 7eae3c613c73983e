import { estimateRun, type RunBudget } from '../../../core/scenario/run-budget';
import type { Scenario } from '../../../core/scenario/scenario-schema';

/** A run that holds (or would hold) memory on this machine, named for messages. */
export interface RunMemory {
  label: string;
  /** Estimated memory while it runs, bytes (runMemoryBytes). */
  bytes: number;
}

/**
 * The memory a run of `scenario` holds while it runs in the app: its pages and its full trace
 * history (estimateRun, the estimate every single-run check uses too), bytes.
 */
export function runMemoryBytes(scenario: Scenario): number {
  const e = estimateRun(scenario);
  return e.engineBytes + e.historyBytes;
}

function formatMemory(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`;
}

const sum = (runs: readonly RunMemory[]): number => runs.reduce((n, r) => n + r.bytes, 0);

/** “a”, “a” and “b”, “a”, “b” and “c”. */
function names(runs: readonly RunMemory[]): string {
  const quoted = runs.map((r) => `“${r.label}”`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/**
 * Why `candidate` can never be pinned beside the lab's own run (null when it can): the two
 * together need more memory than runs may use here, even with no other pinned run going.
 */
export function pinRefusal(
  candidate: RunMemory,
  lab: RunMemory | null,
  budget: Pick<RunBudget, 'memoryBytes' | 'memoryNote'>,
): string | null {
  const total = candidate.bytes + (lab?.bytes ?? 0);
  if (total <= budget.memoryBytes) return null;
  const beside =
    lab === null
      ? ''
      : ` and the lab's own run about ${formatMemory(lab.bytes)}: ${formatMemory(total)} together`;
  return (
    `“${candidate.label}” cannot be pinned: it needs about ${formatMemory(candidate.bytes)} of memory while it runs${beside}, ` +
    `more than the ${formatMemory(budget.memoryBytes)} runs may use here (${budget.memoryNote}). ` +
    (lab === null ? 'Compare smaller runs.' : 'Compare smaller runs, or open a smaller lab first.')
  );
}

/**
 * Why `candidate` has to wait before it starts (null when it may start now): it, the pinned
 * runs still running and the lab's own run would together need more memory than runs may
 * use here. It starts when one of them ends (or the lab's run gets smaller).
 */
export function pinWait(
  candidate: RunMemory,
  lab: RunMemory | null,
  running: readonly RunMemory[],
  budget: Pick<RunBudget, 'memoryBytes' | 'memoryNote'>,
): string | null {
  const total = candidate.bytes + (lab?.bytes ?? 0) + sum(running);
  if (total <= budget.memoryBytes) return null;
  const others = running.length === 0 ? "the lab's own run" : `${names(running)} running`;
  const withLab = running.length > 0 && lab !== null ? " and the lab's own run" : '';
  const until =
    running.length === 0
      ? "It starts once the lab's run needs less (open a smaller lab, or unpin it)."
      : `It starts when ${running.length === 1 ? 'that run is' : 'one of them is'} done.`;
  return (
    `Waits for memory: with ${others}${withLab}, it would bring the runs to about ${formatMemory(total)}, ` +
    `more than the ${formatMemory(budget.memoryBytes)} they may use here (${budget.memoryNote}). ${until}`
  );
}
