import type {
  LabEvent,
  LabEvents,
  LabMethod,
  LabRequestParsed,
  LabResponses,
} from '../../../core/lab-api/lab-api-contract';
import type { RunBudget } from '../../../core/scenario/run-budget';
import type { EngineLauncher } from '../engine/engine-process';

/** Native file dialogs (Electron). The bridge has none and uses its data folder instead. */
export interface FileChooser {
  /** Absolute path of a session to open, or null when the user cancelled. */
  chooseSessionToOpen(): Promise<string | null>;
  /** Absolute path to save a session to, or null when the user cancelled. */
  chooseSessionSavePath(defaultName: string): Promise<string | null>;
  /** Absolute folder to export CSV traces into, or null when the user cancelled. */
  chooseExportFolder(): Promise<string | null>;
  /**
   * Absolute paths of a trace to import (one file, or several GWA-T-12 files), or null when
   * cancelled. Optional: a chooser without it cannot import traces.
   */
  chooseTraceToImport?(): Promise<string[] | null>;
  /** Absolute path of a comparison to open, or null when the user cancelled. */
  chooseComparisonToOpen?(): Promise<string | null>;
  /** Absolute path to save a comparison to, or null when the user cancelled. */
  chooseComparisonSavePath?(defaultName: string): Promise<string | null>;
  /** Absolute path of a sweep file (balloon-lab/sweep@1) to open, or null when the user cancelled. */
  chooseSweepToOpen?(): Promise<string | null>;
  /** Absolute path to save a sweep file to, or null when the user cancelled. */
  chooseSweepSavePath?(defaultName: string): Promise<string | null>;
}

export type LabEventListener = <E extends LabEvent>(event: E, payload: LabEvents[E]) => void;

/**
 * The Node-side implementation of the lab contract, shared by both transports. A transport
 * validates the payload with `labRequestSchemas[method]` and then calls `invoke`.
 */
export interface LabHost {
  invoke<M extends LabMethod>(method: M, request: LabRequestParsed<M>): Promise<LabResponses[M]>;
  /** Subscribes to every pushed event; returns the unsubscribe function. */
  subscribe(listener: LabEventListener): () => void;
  /** Stops the engine worker and timers, flushes the autosave. */
  dispose(): Promise<void>;
}

export interface LabHostOptions {
  transport: 'electron' | 'bridge';
  /** Where autosave, recovery and the recent list live (Electron userData; bridge: dataDir/.state). */
  stateDir: string;
  /** Bridge only: folder where sessions and exports go and which the UI lists. */
  dataDir: string | null;
  fileChooser: FileChooser | null;
  appVersion: string;
  /** Absolute path of the built engine worker script. */
  workerPath: string;
  /**
   * Starts the engine process (default: Node's child_process.fork). The desktop app passes
   * Electron's utilityProcess, which works with the runAsNode fuse off.
   */
  launchEngine?: EngineLauncher;
  /** What a run may take before it is refused (default: machineRunBudget(true)). */
  runBudget?: RunBudget;
}
