import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { engineVersion } from '../../core/engine/engine-version';
import { runScenarioOf, type SweepRun } from '../../core/experiment/sweep-plan';
import { sweepRunResult, type SweepRunResult } from '../../core/experiment/sweep-results';
import { runsOfShard, type SweepShard } from '../../core/experiment/sweep-shard';
import { CliError, exitCodes } from './cli-errors';
import { traceFileNames } from './run-scenario';
import type { LoadedSweep } from './sweep-load';
import {
  manifestOf,
  prepareSweepOutput,
  readRunResult,
  runFileIds,
  runTracesDir,
  writeResultsCsv,
  writeRunResult,
} from './sweep-output';
import { forEachInPool, SweepRunFailure, type SweepPool } from './sweep-pool';

export interface SweepRunOptions {
  outDir: string;
  /** Runs at a time (worker threads). */
  jobs: number;
  /** Write each run's traces under traces/<run id>/. */
  traces: boolean;
  /** The slice of the runs to do; null for all. */
  shard: SweepShard | null;
  createPool: (jobs: number) => SweepPool;
  /** Called once the runs to do are known, then after each run. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each run's result once its file is written. */
  onResult?: (result: SweepRunResult) => void;
  /** Stops the sweep: no run starts after it, runs under way end with their threads (lost). */
  signal?: AbortSignal;
}

/**
 * A sweep that stopped before every run had its result: a run failed (`run`, `reason`) or it
 * was cancelled (`run` null). The finished runs are kept; running the sweep again goes on.
 */
export class SweepStopped extends CliError {
  constructor(
    message: string,
    readonly run: SweepRun | null,
    readonly reason: string,
    /** Runs of this slice with a result. */
    readonly saved: number,
    readonly total: number,
  ) {
    super(message, exitCodes.failure);
    this.name = 'SweepStopped';
  }
}

export interface SweepRunReport {
  /** Runs of this slice. */
  runs: number;
  /** Runs found finished in the output folder and not run again. */
  skipped: number;
  /** Runs done now. */
  ran: number;
}

async function hasTraces(outDir: string, runId: string): Promise<boolean> {
  const info = await stat(join(runTracesDir(outDir, runId), traceFileNames.summary)).catch(() => null);
  return info?.isFile() === true;
}

/**
 * Runs a sweep's runs (or one slice of them) into `outDir`: runs whose result file is already
 * there and sound are skipped, the others go to the pool, each result is written as it
 * arrives, and results.csv (this slice's rows, in the sweep's order) is written once every
 * run has its result. A failed run stops the sweep (runs already finished are kept).
 */
export async function runSweep(loaded: LoadedSweep, options: SweepRunOptions): Promise<SweepRunReport> {
  const { plan } = loaded;
  const { outDir } = options;
  await prepareSweepOutput(outDir, manifestOf(loaded, engineVersion), options.traces);
  const mine = runsOfShard(plan.runs, options.shard);
  const present = await runFileIds(outDir);
  const rows = new Map<string, string[]>();
  const pending: SweepRun[] = [];
  for (const run of mine) {
    if (present.has(run.id)) {
      const read = await readRunResult(outDir, plan, run);
      if ('row' in read && (!options.traces || (await hasTraces(outDir, run.id)))) {
        rows.set(run.id, read.row);
        continue;
      }
    }
    pending.push(run);
  }
  const skipped = rows.size;
  options.onProgress?.(0, pending.length);
  const { signal } = options;
  // A function, not a field read: TypeScript would keep the first check's answer for the later ones.
  const aborted = (): boolean => signal?.aborted === true;
  const cancelled = (): SweepStopped =>
    new SweepStopped(
      `the sweep was cancelled; ${rows.size} of ${mine.length} runs are saved in "${outDir}"`,
      null,
      'cancelled',
      rows.size,
      mine.length,
    );
  if (aborted()) throw cancelled();
  if (pending.length > 0) {
    const pool = options.createPool(Math.min(options.jobs, pending.length));
    // Closing the pool ends the threads at once; the runs they had end in errors, read as the cancel.
    const stop = () => void pool.close().catch(() => undefined);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      await forEachInPool(
        pending,
        options.jobs,
        (run) => {
          if (aborted()) return Promise.reject(new Error('cancelled'));
          return pool.run({
            scenario: runScenarioOf(plan, run),
            tracesDir: options.traces ? runTracesDir(outDir, run.id) : null,
          });
        },
        async (run, summary) => {
          const result = sweepRunResult(run, summary);
          await writeRunResult(outDir, result);
          const read = await readRunResult(outDir, plan, run);
          if (!('row' in read)) throw new Error(`the result file of ${run.id} ${read.why}`);
          rows.set(run.id, read.row);
          options.onResult?.(result);
          options.onProgress?.(rows.size - skipped, pending.length);
        },
      );
    } catch (e) {
      if (aborted()) throw cancelled();
      if (e instanceof SweepRunFailure) {
        const run = e.item as SweepRun;
        throw new SweepStopped(
          `run ${run.id} (seed ${run.seed}) failed: ${e.message}; ${rows.size} of ${mine.length} runs are saved in "${outDir}", run the same command again to go on`,
          run,
          e.message,
          rows.size,
          mine.length,
        );
      }
      throw e;
    } finally {
      signal?.removeEventListener('abort', stop);
      await pool.close();
    }
    if (aborted()) throw cancelled();
  }
  await writeResultsCsv(
    outDir,
    plan,
    mine.map((run) => rows.get(run.id)!),
  );
  return { runs: mine.length, skipped, ran: pending.length };
}
