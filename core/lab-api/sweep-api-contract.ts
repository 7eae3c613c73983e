import { z } from 'zod';
import type { SweepResultRow } from '../experiment/sweep-aggregate';
import type { SweepValue } from '../experiment/sweep-path';
import type { Scenario } from '../scenario/scenario-schema';

/**
 * The Sweep view's part of the lab contract (composed into lab-api-contract.ts): open or build
 * a sweep (balloon-lab/sweep@1, docs/sweeps.md), run it on worker threads in the Node side,
 * follow it, read its results and open one of its runs in the lab.
 */

/** Most runs a sweep run from the lab may have; bigger sweeps belong to `balloon-lab sweep`. */
export const maxLabSweepRuns = 2000;

/** Name of a sweep file in the bridge's data folder, or an absolute path (Electron, from a dialog). */
const sweepTarget = z.string().min(1).max(4096);

export const sweepRequestSchemas = {
  /**
   * Opens a sweep: a file (Electron: a native dialog without `target`; bridge: a name in the
   * data folder), a document (a file the browser read, or one built from the current
   * scenario), or a sweep whose results are kept (`saved`, from listSweeps). Every point is
   * checked; its results folder is created or, when it holds this sweep, reused.
   */
  openSweep: z.union([
    z.strictObject({ target: sweepTarget.optional() }),
    z.strictObject({ document: z.unknown(), fileName: z.string().max(260).optional() }),
    z.strictObject({ saved: z.string().min(1).max(200) }),
  ]),
  /** The open sweep (the last one opened, also after a restart of the lab), or null. */
  getSweep: z.strictObject({}),
  /** The sweeps whose results the lab keeps, newest first. */
  listSweeps: z.strictObject({}),
  /** Runs the open sweep's missing runs in the background; sweepChanged follows them. */
  runSweep: z.strictObject({ jobs: z.number().int().min(1).max(64).optional() }),
  /** Stops the sweep under way: finished runs are kept, Run goes on from them. */
  cancelSweep: z.strictObject({}),
  /**
   * The open sweep's finished runs (metrics, no summaries) in the order they finished, from the
   * `from`-th on: a view that has the first n asks for the rest only.
   */
  getSweepResults: z.strictObject({ from: z.number().int().min(0).max(1_000_000).default(0) }),
  /** The scenario of one run of the open sweep (its values and seed set), to open in the lab. */
  getSweepRunScenario: z.strictObject({ runId: z.string().min(1).max(40) }),
  /** Saves a sweep document (built in the lab) as a file: a dialog (Electron) or a name in the data folder. */
  saveSweepFile: z.strictObject({ document: z.unknown(), target: sweepTarget.optional() }),
  /** Sweep files in the bridge's data folder (Electron: empty, it has a dialog). */
  listSweepFiles: z.strictObject({}),
} as const;

/** Where a sweep is: nothing run yet, running, or stopped (done, cancelled, failed). */
export type SweepState = 'ready' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/** The open sweep, as the Sweep view shows it. */
export interface SweepStatus {
  /** The folder its results are kept in (also `saved` for openSweep). */
  id: string;
  name: string;
  description: string;
  /** The base scenario's name. */
  baseName: string;
  parameters: { path: string; values: SweepValue[] }[];
  seeds: number[];
  points: number;
  runs: number;
  /** Runs with a result. */
  done: number;
  state: SweepState;
  /** Seconds left, estimated from the runs done since Run; null before the first one. */
  etaS: number | null;
  /** Why it failed or was refused, in people's words. */
  error: string | null;
  /** Where the results are: a folder path (Electron) or its name under the data folder's sweeps/. */
  location: string;
  /** Worker threads of the run under way (or of the last one). */
  jobs: number;
  /** The metric columns of its runs, in results.csv order. */
  metrics: string[];
}

/** A sweep whose results the lab keeps. */
export interface SavedSweepInfo {
  id: string;
  name: string;
  runs: number;
  done: number;
  modifiedIso: string;
}

/** A run's result on the wire: its metrics as one list in the order of `metrics` (no names repeated). */
export interface SweepResultWireRow extends Omit<SweepResultRow, 'metrics'> {
  metrics: (number | null)[];
}

/** Finished runs of the open sweep, from the `from`-th (in the order they finished). */
export interface SweepResultsPage {
  /** The sweep (SweepStatus.id). */
  id: string;
  /** Changes when the sweep is opened again: the order starts over, so a view reloads from 0. */
  epoch: number;
  from: number;
  /** Runs finished in all. */
  total: number;
  /** The metric names each row's values follow. */
  metrics: string[];
  rows: SweepResultWireRow[];
}

/** A wire row with its metrics named again, as the plot reads them. */
export function namedResultRow(row: SweepResultWireRow, metrics: readonly string[]): SweepResultRow {
  const named: Record<string, number | null> = {};
  metrics.forEach((m, i) => {
    named[m] = row.metrics[i] ?? null;
  });
  return { runId: row.runId, pointId: row.pointId, seed: row.seed, values: row.values, metrics: named };
}

export interface SweepResponses {
  /** null when the user cancelled the dialog. */
  openSweep: SweepStatus | null;
  getSweep: SweepStatus | null;
  listSweeps: SavedSweepInfo[];
  runSweep: SweepStatus;
  cancelSweep: SweepStatus;
  getSweepResults: SweepResultsPage;
  getSweepRunScenario: { runId: string; scenario: Scenario };
  /** null when the user cancelled the dialog. */
  saveSweepFile: { name: string; location: string } | null;
  listSweepFiles: { name: string; location: string; sizeBytes: number; modifiedIso: string }[];
}

export interface SweepEvents {
  /** The open sweep changed: opened, a run finished, stopped. At most a few times a second. */
  sweepChanged: SweepStatus;
}

export const sweepEventNames = ['sweepChanged'] as const satisfies readonly (keyof SweepEvents)[];
