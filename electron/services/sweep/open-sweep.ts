import { resolve } from 'node:path';
import type { SweepResultRow } from '../../../core/experiment/sweep-aggregate';
import { leadResultColumns, type SweepPlan, type SweepRun } from '../../../core/experiment/sweep-plan';
import type { SweepRunResult } from '../../../core/experiment/sweep-results';
import type { SweepState, SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import type { LoadedSweep } from '../../cli/sweep-load';
import { SweepStopped } from '../../cli/sweep-run';

/** The sweep the Sweep view has open: its plan, results folder, state and the results read so far. */
export interface OpenSweep {
  loaded: LoadedSweep;
  id: string;
  /** Which opening of the board this is (SweepResultsPage.epoch). */
  epoch: number;
  dir: string;
  state: SweepState;
  error: string | null;
  jobs: number;
  etaS: number | null;
  /** By run id, in the order they were read or finished. */
  results: Map<string, SweepResultRow>;
}

/** What the plot needs of a run's result (its summary stays on disk). */
export function rowOf(result: SweepRunResult): SweepResultRow {
  return {
    runId: result.runId,
    pointId: result.pointId,
    seed: result.seed,
    values: [...result.values],
    metrics: { ...result.metrics },
  };
}

export function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why a sweep stopped, for the user: the run, its values and seed, and what is kept. */
export function failureText(sweep: OpenSweep, e: unknown): string {
  const kept = `${sweep.results.size} of ${sweep.loaded.plan.runs.length} runs are kept; Run goes on from them.`;
  if (e instanceof SweepStopped && e.run !== null) {
    const values = describeRun(sweep.loaded.plan, e.run);
    return `Run ${e.run.id} (${values}) failed: ${e.reason}. ${kept}`;
  }
  return `The sweep stopped: ${reason(e)}. ${kept}`;
}

/** A run's values and seed: "policy.idleTaxPct = 75, seed 2". */
export function describeRun(plan: SweepPlan, run: SweepRun): string {
  const params = plan.parameters.map((p, i) => `${p.path} = ${String(run.point.values[i])}`);
  return [...params, `seed ${run.seed}`].join(', ');
}

/** The open sweep as the Sweep view sees it. */
export function statusOf(sweep: OpenSweep): SweepStatus {
  const { plan } = sweep.loaded;
  return {
    id: sweep.id,
    name: plan.name,
    description: sweep.loaded.document.description,
    baseName: plan.base.name,
    parameters: plan.parameters.map((p) => ({ path: p.path, values: [...p.values] })),
    seeds: [...plan.seeds],
    points: plan.points.length,
    runs: plan.runs.length,
    done: sweep.results.size,
    state: sweep.state,
    etaS: sweep.etaS === null ? null : Math.round(sweep.etaS),
    error: sweep.error,
    location: resolve(sweep.dir),
    jobs: sweep.jobs,
    metrics: plan.columns.slice(leadResultColumns.length + plan.parameters.length),
  };
}
