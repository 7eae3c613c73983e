import { createEngine } from '../../core/engine/create-engine';
import type { Engine } from '../../core/engine/engine-types';
import { ReplayCursor } from '../../core/trace/replay-cursor';
import type { CheckpointFiles } from './checkpoint-file';
import type { CheckpointStore } from './checkpoint-store';
import type { RunDriver } from './run-driver';
import type { WorkerCommand } from './worker-protocol';

export type LoadCommand = Extract<WorkerCommand, { type: 'load' }>;

/** Where a load starts: the engine, the cursor that replays it to the load's tick, and what gave it. */
export interface LoadStart {
  engine: Engine;
  cursor: { step(advance: (tick: number) => void): boolean };
  /** The engine was restored from a checkpoint the load was given (not replayed from tick 0). */
  fromCheckpoint: boolean;
}

/**
 * The engine a load starts from: its checkpoint when one was given and restores, else tick 0.
 * The checkpoints opened go into `checkpoints` (the run's store); `files` holds the session
 * file's blocks (decompressed beforehand by CheckpointFiles.prepare).
 */
export function startOfLoad(
  command: LoadCommand,
  files: CheckpointFiles,
  checkpoints: CheckpointStore,
): LoadStart {
  const parts = command.store;
  if (parts !== undefined && parts.tick <= command.tick) {
    try {
      const engine = files.open(parts, checkpoints, command.scenario, command.tick);
      return {
        engine,
        cursor: new ReplayCursor(engine, command.interventions, command.tick),
        fromCheckpoint: true,
      };
    } catch {
      // Checkpoints that do not open (damaged, another engine): the run is replayed instead.
      checkpoints.clear();
    }
  }
  const given = command.checkpoint;
  if (given !== undefined && given.tick <= command.tick) {
    try {
      const engine = checkpoints.openFile(given, command.earlier ?? [], command.scenario);
      const cursor = new ReplayCursor(engine, command.interventions, command.tick);
      return { engine, cursor, fromCheckpoint: true };
    } catch {
      // A checkpoint that does not restore (damaged, another engine): the run is replayed instead.
    }
  }
  const engine = createEngine(command.scenario);
  return {
    engine,
    cursor: new ReplayCursor(engine, command.interventions, command.tick),
    fromCheckpoint: false,
  };
}

/**
 * One slice of a load's job: `cursor` replays until the load's tick (true) or until the wall clock
 * (`now`, ms) passes the slice's deadline (false). With `history` the samples and lines on the way
 * are reported; without, the main process already holds them and they are skipped.
 */
export function replaySlice(
  cursor: LoadStart['cursor'],
  history: boolean,
  run: Pick<RunDriver, 'advanceTo' | 'skipTo'>,
  now: () => number,
): (deadline: number) => boolean {
  return (deadline) => {
    const advance = (tick: number): void =>
      history ? run.advanceTo(tick, deadline) : run.skipTo(tick, deadline);
    while (!cursor.step(advance)) if (now() >= deadline) return false;
    return true;
  };
}
