import type { GuestMap, HostMap, MapRequest } from '../../core/model/memory-maps';
import type { HostCounters, VmCounters } from '../../core/model/counters';
import type { LogLine } from '../../core/model/log-line';
import type { RecordedIntervention, Intervention } from '../../core/scenario/event-schema';
import type { Scenario } from '../../core/scenario/scenario-schema';
import type { PackedSamples } from './sample-layout';
import type { CheckpointFileParts } from './checkpoint-file';
import type { StoreFileLocation } from './store-file-read';

/** What frames should show: the selected VM's guest map and the map windows. */
export interface WorkerView {
  selectedVm: string | null;
  hostMap: MapRequest;
  guestMap: MapRequest;
}

/**
 * Commands from the main process. `load` replaces the engine by a replay (core/trace/replay.ts):
 * `history` reports every sample and log line on the way (opening a session, reset); without it
 * the worker jumps there and reports nothing before `tick` (recovery after a crash, when the
 * main process already holds that history).
 *
 * `load` and `step` are jobs: they run in slices of a few milliseconds, so the worker keeps
 * reading commands while one is in progress. `pause`, `cancelRun`, `setSpeed`, `setView`,
 * `status`, `interrupt` and a new `load` act at once; the others wait until the job is done.
 * `pause` and `cancelRun` end a step where it is; a new `load` or `interrupt` ends any job
 * (a load's reply is then a 'cancelled' error and no engine is left) and refuses the commands
 * waiting behind it.
 */
export type WorkerCommand =
  | {
      type: 'load';
      epoch: number;
      scenario: Scenario;
      interventions: RecordedIntervention[];
      tick: number;
      history: boolean;
      /** Starts from this checkpoint (deflated, see checkpoint-store.ts) instead of tick 0, when it restores. */
      checkpoint?: { tick: number; bytes: Uint8Array };
      /** Earlier checkpoints of the run, oldest first, kept for going back in time. */
      earlier?: { tick: number; bytes: Uint8Array }[];
      /** Starts from the newest of these checkpoints (checkpoint-file.ts), keeping the others, when they open. */
      store?: CheckpointFileParts;
      /** The same, read from the session file by the engine process (store-file-read.ts). */
      storeAt?: StoreFileLocation;
      /**
       * False: the run keeps no checkpoints as it goes (a pinned run of a comparison is never
       * gone back in: a 256 GiB host's would hold gigabytes of them for nothing).
       */
      checkpoints?: boolean;
    }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; ticks: number }
  | { type: 'setSpeed'; speed: number | null }
  | { type: 'runToEnd' }
  | { type: 'cancelRun' }
  | { type: 'apply'; intervention: Intervention }
  | { type: 'setView'; view: WorkerView }
  | { type: 'digest' }
  /** Only the status (diagnostics, benchmarks). */
  | { type: 'status' }
  | { type: 'interrupt' }
  /** Shows a past tick of the run (0 to the newest), the newest state kept aside (time-travel.ts). */
  | { type: 'seek'; tick: number }
  /** Back to the newest state after a seek. */
  | { type: 'head' }
  /** The past tick shown becomes the run: the states after it are dropped. */
  | { type: 'branch' }
  /**
   * The newest checkpoint at or before the head (one is taken when there is none) and earlier
   * ones, as a session file keeps them, within `budgetBytes` compressed; at or before `maxTick`
   * (the tick of the session being saved) when the run went on since.
   */
  | { type: 'checkpoint'; budgetBytes?: number; maxTick?: number };

export type WorkerCommandType = WorkerCommand['type'];

/** Main -> worker. Requests get exactly one reply; `wantFrame` grants one frame credit and has none. */
export type MainToWorker = { kind: 'request'; id: number; command: WorkerCommand } | { kind: 'wantFrame' };

/** Where the run stands; every reply carries it. */
export interface WorkerStatus {
  epoch: number;
  tick: number;
  endTick: number;
  timeS: number;
  running: boolean;
  /** Simulated seconds per wall second; null = flat out. */
  speed: number | null;
  runningToEnd: boolean;
  /** The newest tick of the run: `tick` unless a past tick is shown (seek). */
  headTick: number;
  /** Gaps between an opened file's checkpoints are still being filled (electron/worker/checkpoint-gaps.ts). */
  fillingGaps?: boolean;
}

export interface WorkerReplyResult {
  status: WorkerStatus;
  /** load and digest: stateDigest of the engine after the command. */
  digest?: string;
  /** apply: the intervention as the engine recorded it. */
  recorded?: RecordedIntervention;
  /** branch: the interventions the run keeps (those up to the tick it goes on from). */
  kept?: number;
  /** checkpoint: the newest one; load: whether the load started from the checkpoint it was given. */
  checkpoint?: { tick: number; bytes: Uint8Array };
  /** checkpoint: earlier ones (deflated, oldest first) within the budget a session file keeps. */
  earlier?: { tick: number; bytes: Uint8Array }[];
  /** checkpoint: the newest and earlier ones as a session file keeps them (instead of `checkpoint`). */
  store?: CheckpointFileParts;
  fromCheckpoint?: boolean;
}

export interface WorkerErrorPayload {
  /**
   * 'refused' when the engine rejected the command's content, 'cancelled' when a new load or an
   * interrupt ended the command before it was done, 'unreadable' when a load's session file could
   * not be read by the engine process (the checkpoints are then sent instead), 'internal' for a bug.
   */
  code: 'refused' | 'internal' | 'no-engine' | 'cancelled' | 'unreadable';
  message: string;
}

/**
 * Everything that happened since the previous update: samples and log lines in full (the
 * main process keeps the whole history), counters and maps latest-only. Maps ride along only
 * when the main process granted a frame credit (`wantFrame`).
 */
export interface WorkerUpdate {
  kind: 'update';
  epoch: number;
  tick: number;
  timeS: number;
  running: boolean;
  host: HostCounters;
  vms: VmCounters[];
  samples: PackedSamples | null;
  log: LogLine[];
  maps: { hostMap: HostMap | null; guestMap: GuestMap | null } | null;
}

export interface WorkerProgress {
  kind: 'progress';
  epoch: number;
  tick: number;
  endTick: number;
  done: boolean;
  cancelled: boolean;
}

export type WorkerToMain =
  | { kind: 'reply'; id: number; ok: true; result: WorkerReplyResult }
  | { kind: 'reply'; id: number; ok: false; error: WorkerErrorPayload }
  | WorkerUpdate
  | WorkerProgress
  | { kind: 'ready' };

/** At most this many updates (and so frames) per wall second. */
export const maxUpdatesPerSecond = 30;
export const minUpdateIntervalMs = 1000 / maxUpdatesPerSecond;
