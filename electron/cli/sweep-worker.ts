import { createEngine } from '../../core/engine/create-engine';
import { ArrayRecycler } from '../../core/memory/array-recycler';
import { summarizeRun } from '../../core/experiment/run-to-summary';
import type { Scenario } from '../../core/scenario/scenario-schema';
import type { RunSummary } from '../../core/trace/summary';
import { runScenario } from './run-scenario';

/** One run of a sweep, as a pool worker receives it. */
export interface SweepTask {
  /** The run's scenario, validated (seed and swept values set). */
  scenario: Scenario;
  /** Folder for the run's traces (host.csv, vms.csv, log.csv, summary.json), or null for none. */
  tracesDir: string | null;
}

/**
 * This thread's runs hand their big arrays on to the next one: with two runs at once, fresh
 * arrays cost each run page faults and a full GC whose marking competes with the other run for
 * the cores (issue 11's `--jobs 2` speed-up).
 */
const recycler = new ArrayRecycler();

/**
 * Runs one sweep run in a worker thread and returns its summary. With a traces folder it
 * writes the same files as `balloon-lab run`; without, it only folds the summary (same
 * numbers: both feed it every tick), its engine's arrays recycled for the thread's next run.
 */
export async function runSweepTask(task: SweepTask): Promise<RunSummary> {
  if (task.tracesDir === null) return recycler.lendDuring(() => summarizeRun(createEngine(task.scenario)));
  const result = await runScenario(task.scenario, { outDir: task.tracesDir, createEngine });
  return result.summary;
}
