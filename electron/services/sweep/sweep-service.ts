import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { createSweepPool, type SweepPool } from '../../cli/sweep-pool';
import { machineRunBudget } from '../engine/machine-budget';
import type { LabHostOptions } from '../lab/lab-service-types';
import { SweepBoard } from './sweep-board';
import { SweepFiles } from './sweep-files';
import { createSweepHandlers, type SweepHandlers } from './sweep-handlers';

/** The folder, under the data folder (bridge) or the app's state folder, that keeps sweeps' results. */
export const sweepsFolderName = 'sweeps';

/**
 * Worker threads of a sweep run from the lab: one core is left to the lab's own engine and
 * window, so the lab stays responsive while a sweep runs.
 */
export function labSweepJobs(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/**
 * The pool the app's sweeps run on: the built worker beside the engine worker
 * (out/main/sweep-worker.mjs), or the CLI's default when there is none (tests from source).
 */
export function appSweepPool(workerPath: string): (jobs: number) => SweepPool {
  const built = join(dirname(workerPath), 'sweep-worker.mjs');
  return (jobs) => (existsSync(built) ? createSweepPool(jobs, built) : createSweepPool(jobs));
}

/** The Sweep view's Node side for a lab host: its handlers, and dispose to stop a sweep under way. */
export function createSweepService(
  options: LabHostOptions,
  emit: (status: SweepStatus) => void,
  createPool: (jobs: number) => SweepPool = appSweepPool(options.workerPath),
): { handlers: SweepHandlers; board: SweepBoard; dispose: () => Promise<void> } {
  const board = new SweepBoard({
    root: join(options.dataDir ?? options.stateDir, sweepsFolderName),
    defaultJobs: labSweepJobs(),
    createPool,
    emit,
  });
  const handlers = createSweepHandlers(board, new SweepFiles(options), {
    dataDir: options.dataDir,
    runBudget: options.runBudget ?? machineRunBudget(false),
  });
  return { handlers, board, dispose: () => board.dispose() };
}
