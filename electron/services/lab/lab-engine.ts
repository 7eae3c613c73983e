import type { WorkerProgress, WorkerUpdate } from '../../worker/worker-protocol';
import { forkEngineProcess } from '../engine/engine-process';
import { EngineSupervisor, type ReplayTarget } from '../engine/engine-supervisor';
import { machineRunBudget } from '../engine/machine-budget';
import type { LabHostOptions } from './lab-service-types';

/** The engine's heap bound never goes below this, whatever the run budget. */
export const minEngineHeapMiB = 512;

/** The heap an engine process may use: what a run may use (past that it dies alone, the app stays). */
export function engineHeapMiB(options: Pick<LabHostOptions, 'runBudget'>): number {
  const budget = options.runBudget ?? machineRunBudget(true);
  return Math.max(minEngineHeapMiB, Math.floor(budget.memoryBytes / 2 ** 20));
}

export interface LabEngineEvents {
  onUpdate(update: WorkerUpdate): void;
  onProgress(progress: WorkerProgress): void;
  onRestarted(reason: string, tick: number): void;
  onGaveUp(reason: string): void;
  replayTarget(): ReplayTarget | null;
}

/**
 * The lab's engine: a supervised process started the transport's way (fork, or a utility
 * process). `checkpoints` false: its runs keep none (nobody goes back in them).
 */
export function createLabEngine(
  options: LabHostOptions,
  events: LabEngineEvents,
  checkpoints = true,
): EngineSupervisor {
  return new EngineSupervisor(
    {
      entryPath: options.workerPath,
      launch: options.launchEngine ?? forkEngineProcess,
      options: { maxHeapMiB: engineHeapMiB(options) },
      checkpoints,
    },
    events,
  );
}
