import { createEngine } from '../../core/engine/create-engine';
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
 * Runs one sweep run in a worker thread and returns its summary. With a traces folder it
 * writes the same files as `balloon-lab run`; without, it only folds the summary (same
 * numbers: both feed it every tick).
 */
export async function runSweepTask(task: SweepTask): Promise<RunSummary> {
  if (task.tracesDir === null) return summarizeRun(createEngine(task.scenario));
  const result = await runScenario(task.scenario, { outDir: task.tracesDir, createEngine });
  return result.summary;
}
