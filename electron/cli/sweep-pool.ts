import Tinypool from 'tinypool';
import type { RunSummary } from '../../core/trace/summary';
import type { SweepTask } from './sweep-worker';

/** Worker threads that run sweep runs, `jobs` at a time. */
export interface SweepPool {
  run(task: SweepTask): Promise<RunSummary>;
  close(): Promise<void>;
}

/** A pool of `jobs` worker threads (tinypool), each loading electron/cli/sweep-worker.ts. */
export function createSweepPool(jobs: number): SweepPool {
  const pool = new Tinypool({
    filename: new URL('./sweep-worker-entry.mjs', import.meta.url).href,
    name: 'runSweepTask',
    minThreads: jobs,
    maxThreads: jobs,
    // The threads load their own TypeScript support; flags meant for the CLI's thread stay there.
    execArgv: [],
  });
  return {
    run: (task) => pool.run(task) as Promise<RunSummary>,
    close: () => pool.destroy(),
  };
}

/**
 * Calls `work` on every item with at most `jobs` calls in flight, in item order, and `onDone`
 * as each one ends. After the first failure no new call starts; the ones in flight finish
 * (their results still count), then the first failure is thrown with its item.
 */
export async function forEachInPool<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<R>,
  onDone: (item: T, result: R) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { item: T; error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++]!;
      try {
        await onDone(item, await work(item));
      } catch (error) {
        failure ??= { item, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, lane));
  // TypeScript cannot see the lanes' assignment, so it reads \`failure\` as never set.
  const failed = failure as { item: T; error: unknown } | null;
  if (failed !== null) throw new SweepRunFailure(failed.item, failed.error);
}

/** A run of the pool failed; `item` is the one that did. */
export class SweepRunFailure<T = unknown> extends Error {
  constructor(
    readonly item: T,
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'SweepRunFailure';
  }
}
