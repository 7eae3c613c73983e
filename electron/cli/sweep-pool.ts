import { fileURLToPath, pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import type { RunSummary } from '../../core/trace/summary';
import type { SweepTask } from './sweep-worker';
import { sweepWorkerFile } from './sweep-worker-file';
import { machineRunBudget } from '../services/engine/machine-budget';

/** Worker threads that run sweep runs, `jobs` at a time. */
export interface SweepPool {
  run(task: SweepTask): Promise<RunSummary>;
  close(): Promise<void>;
}

/** The heap one sweep thread may use, MiB: what one run may take on this machine, as for the lab's engine. */
export function sweepHeapMiB(): number {
  return Math.max(512, Math.floor(machineRunBudget(false).memoryBytes / 2 ** 20));
}

/**
 * A pool of `jobs` worker threads (tinypool), started at once. `workerFile` is the module they
 * load (an absolute path or file: URL exporting `runSweepTask`, such as the app's
 * out/main/sweep-worker.mjs); by default the checkout's built worker when it is up to date, else
 * the TypeScript worker through tsx (sweepWorkerFile). Each thread's heap is bounded by
 * `maxHeapMiB`.
 */
export function createSweepPool(jobs: number, workerFile?: string, maxHeapMiB = sweepHeapMiB()): SweepPool {
  const filename =
    workerFile === undefined
      ? sweepWorkerFile(fileURLToPath(new URL('../..', import.meta.url))).url
      : workerFile.startsWith('file:')
        ? workerFile
        : pathToFileURL(workerFile).href;
  const pool = new Tinypool({
    filename,
    name: 'runSweepTask',
    minThreads: jobs,
    maxThreads: jobs,
    // Flags meant for the CLI's thread (tsx's --import) stay there: the tsx entry registers tsx itself.
    execArgv: [],
    // A thread that runs out of heap then fails its run instead of taking the process (the app's main one) down.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(16, Math.floor(maxHeapMiB)) },
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
