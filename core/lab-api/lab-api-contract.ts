import { z } from 'zod';
import { interventionSchema } from '../scenario/event-schema';
import type { Intervention, RecordedIntervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';
import type { ScenarioIssue } from '../scenario/scenario-checks';
import type { GuestMap, HostMap } from '../model/memory-maps';
import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import { logSources } from '../model/log-line';
import { traceFormats, type ImportSummary } from '../import/import-summary';
import { policyKinds } from '../scenario/policy-schema';
import { maxHostMemoryMiB } from '../scenario/scenario-limits';
import type { RunSummary } from '../trace/summary';
import {
  sweepEventNames,
  sweepRequestSchemas,
  type SweepEvents,
  type SweepResponses,
} from './sweep-api-contract';

/**
 * The one contract between the renderer and the Node side (docs/architecture.md#lab-api). Electron carries
 * it over IPC (preload `window.balloonLabIpc`), the browser bridge over a WebSocket. Every
 * request payload is validated on the Node side with the schema below.
 */

const boundedString = (max: number) => z.string().min(1).max(max);
/** A session or export name inside the data folder (bridge) or a path chosen by a native dialog. */
const targetSchema = boundedString(4096).optional();
const mapWindowSchema = z.strictObject({
  cells: z.number().int().min(1).max(65_536),
  firstPage: z.number().int().min(0).optional(),
  pageCount: z.number().int().min(1).optional(),
});

export const labRequestSchemas = {
  getAppInfo: z.strictObject({}),
  listPresets: z.strictObject({}),
  getState: z.strictObject({}),
  /** Starts a new unsaved session from a preset or a scenario document (validated). */
  newSession: z.union([
    z.strictObject({ presetId: boundedString(100) }),
    z.strictObject({ scenario: z.unknown() }),
  ]),
  /** Replaces the scenario while at tick 0; afterwards use applyIntervention. */
  updateScenario: z.strictObject({ scenario: z.unknown() }),
  applyIntervention: z.strictObject({ intervention: interventionSchema }),
  play: z.strictObject({}),
  pause: z.strictObject({}),
  step: z.strictObject({ ticks: z.number().int().min(1).max(1_000_000).default(1) }),
  reset: z.strictObject({}),
  /** Simulated seconds per wall second; null = as fast as it goes. */
  setSpeed: z.strictObject({ speed: z.number().min(0.1).max(100_000).nullable() }),
  runToEnd: z.strictObject({}),
  cancelRun: z.strictObject({}),
  /** What frames should carry: selected VM and map windows. */
  setView: z.strictObject({
    selectedVm: z.string().max(64).nullable(),
    hostMap: mapWindowSchema,
    guestMap: mapWindowSchema,
  }),
  /** Returns frame credits (credit-based backpressure). */
  ackFrames: z.strictObject({ credits: z.number().int().min(1).max(64) }),
  /** Log history of one VM ('' = host-wide lines), filtered; newest last. */
  getLog: z.strictObject({
    vm: z.string().max(64).nullable(),
    sources: z.array(z.enum(logSources)).optional(),
    levels: z.array(z.enum(['debug', 'info', 'warn', 'error'])).optional(),
    text: z.string().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200_000).default(200_000),
  }),
  /** Decimated history for the charts, at most maxPoints samples per series. */
  getHistory: z.strictObject({ maxPoints: z.number().int().min(2).max(20_000).default(2000) }),
  saveSession: z.strictObject({
    target: targetSchema,
    saveAs: z.boolean().default(false),
    uiState: z.record(z.string(), z.unknown()).optional(),
  }),
  openSession: z.strictObject({ target: targetSchema }),
  listSessions: z.strictObject({}),
  exportCsv: z.strictObject({
    target: targetSchema,
    fromS: z.number().min(0).optional(),
    toS: z.number().min(0).optional(),
    files: z
      .array(z.enum(['host', 'vms', 'log']))
      .min(1)
      .default(['host', 'vms', 'log']),
  }),
  cancelExport: z.strictObject({ exportId: boundedString(100) }),
  listExports: z.strictObject({}),
  /**
   * Imports a real trace (esxtop batch, GWA-T-12, plain CSV; docs/import.md) chosen in a native
   * file dialog (Electron) and returns the scenario it makes with its summary; the renderer then
   * opens it as a new lab. The bridge has no dialogs: its renderer imports the uploaded file itself.
   */
  importTrace: z.strictObject({
    format: z.enum(traceFormats).optional(),
    hostMiB: z.number().int().min(256).max(maxHostMemoryMiB).optional(),
    policy: z.enum(policyKinds).optional(),
  }),
  getRecovery: z.strictObject({}),
  recover: z.strictObject({}),
  discardRecovery: z.strictObject({}),
  /** Shows a past tick of the run (time travel); the run waits at its newest tick. */
  viewAt: z.strictObject({
    tick: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  }),
  /** Back to the run's newest tick after viewAt. */
  returnToHead: z.strictObject({}),
  /** The past tick shown becomes the run: what came after it (ticks, trace, interventions) is dropped. */
  branchFromView: z.strictObject({}),
  /**
   * Pins a run for comparison: the current one (its scenario and interventions so far), a
   * preset, a scenario document or a saved session; it is run to its end in the background.
   */
  pinRun: z.union([
    z.strictObject({ current: z.literal(true) }),
    z.strictObject({ presetId: boundedString(100) }),
    z.strictObject({ scenario: z.unknown() }),
    z.strictObject({ fromSession: z.literal(true), target: targetSchema }),
  ]),
  unpinRun: z.strictObject({ id: boundedString(100) }),
  /** Unpins every run. */
  clearPins: z.strictObject({}),
  listPins: z.strictObject({}),
  /** Decimated history of a pinned run (so far, while it runs). */
  getPinnedHistory: z.strictObject({
    id: boundedString(100),
    maxPoints: z.number().int().min(2).max(20_000).default(1000),
  }),
  /** The host map of a pinned run nearest to a simulated time. */
  getPinnedMap: z.strictObject({ id: boundedString(100), timeS: z.number().min(0).max(1e9) }),
  /** Replaces the pins by the current scenario under each policy, same seed. */
  compareAllPolicies: z.strictObject({}),
  saveComparison: z.strictObject({ target: targetSchema, name: z.string().max(200).optional() }),
  openComparison: z.strictObject({ target: targetSchema }),
  listComparisons: z.strictObject({}),
  /** The Sweep view (sweep-api-contract.ts). */
  ...sweepRequestSchemas,
} as const;

export type LabMethod = keyof typeof labRequestSchemas;
export const labMethods = Object.keys(labRequestSchemas) as LabMethod[];
export type LabRequest<M extends LabMethod> = z.input<(typeof labRequestSchemas)[M]>;
export type LabRequestParsed<M extends LabMethod> = z.output<(typeof labRequestSchemas)[M]>;

export interface PresetInfo {
  id: string;
  name: string;
  /** One line: what the preset teaches. */
  summary: string;
  hostMiB: number;
  vmCount: number;
}

export interface SessionMeta {
  name: string;
  /** Path (Electron) or name in the data folder (bridge); null until first saved. */
  location: string | null;
  dirty: boolean;
}

export interface LabState {
  session: SessionMeta;
  scenario: Scenario;
  tick: number;
  endTick: number;
  timeS: number;
  running: boolean;
  /** Simulated seconds per wall second; null = flat out. */
  speed: number | null;
  interventions: RecordedIntervention[];
  host: HostCounters;
  vms: VmCounters[];
  uiState: Record<string, unknown>;
  /**
   * The past tick shown (viewAt), absent at the newest state: `host`, `vms`, frames and maps are
   * then those of this tick, while `tick` stays the run's newest.
   */
  viewTick?: number;
}

/** One pushed update: everything that changed since the previous frame. */
export interface Frame {
  seq: number;
  tick: number;
  timeS: number;
  running: boolean;
  host: HostCounters;
  vms: VmCounters[];
  /** New log lines since the previous frame (all VMs). */
  log: LogLine[];
  /** Trace samples taken since the previous frame, for the charts. */
  samples: TraceSample[];
  hostMap: HostMap | null;
  guestMap: GuestMap | null;
}

export interface TraceSample {
  timeS: number;
  host: HostCounters;
  vms: VmCounters[];
}

export interface HistoryResult {
  samples: TraceSample[];
  /** Sample stride used for decimation (1 = every sample). */
  stride: number;
}

export interface LogResult {
  lines: LogLine[];
  /** Lines that matched the filter in total (lines may be a window of them). */
  total: number;
}

export interface FileEntry {
  name: string;
  location: string;
  sizeBytes: number;
  modifiedIso: string;
}

export interface ExportStarted {
  exportId: string;
  location: string;
}

export interface RecoveryInfo {
  available: boolean;
  name?: string;
  savedIso?: string;
  tick?: number;
  /**
   * Why nothing (or only an older copy) can be recovered, for the user: the recovery file or
   * the crashed run's autosave exists but cannot be opened, and what was done with it.
   */
  reason?: string;
}

/** A run pinned for comparison (see pinRun). */
export interface PinnedRunInfo {
  id: string;
  /** Where it came from: a preset's or session's name, or "<lab> at 12:34". */
  label: string;
  scenario: Scenario;
  /** The live changes the run replays, at their ticks (its charts mark them). */
  interventions: RecordedIntervention[];
  status: 'queued' | 'running' | 'done' | 'failed';
  tick: number;
  endTick: number;
  /** Why it failed, for the user. */
  error: string | null;
  /** Why a queued run has not started yet (it waits for memory), for the user; absent otherwise. */
  waiting?: string;
  /** The run's summary once done. */
  summary: RunSummary | null;
}

export interface PinnedMap {
  /** Simulated time of the snapshot (the nearest one kept to the time asked for). */
  timeS: number;
  map: HostMap;
}

/** A trace turned into a scenario (importTrace), not yet opened. */
export interface ImportedTrace {
  /** The file (or files) imported, as the user named them. */
  source: string;
  scenario: Scenario;
  summary: ImportSummary;
}

export interface AppInfo {
  version: string;
  engineVersion: string;
  transport: 'electron' | 'bridge';
  /** Bridge: folder where sessions and exports go. */
  dataDir: string | null;
  platform: string;
}

/** Response type of each method. */
export interface LabResponses extends SweepResponses {
  getAppInfo: AppInfo;
  listPresets: PresetInfo[];
  getState: LabState;
  newSession: LabState;
  updateScenario: { ok: true; state: LabState } | { ok: false; issues: ScenarioIssue[] };
  applyIntervention: LabState;
  play: LabState;
  pause: LabState;
  step: LabState;
  reset: LabState;
  setSpeed: LabState;
  runToEnd: LabState;
  cancelRun: LabState;
  setView: { ok: true };
  ackFrames: { ok: true };
  getLog: LogResult;
  getHistory: HistoryResult;
  /** null when the user cancelled a dialog. */
  saveSession: SessionMeta | null;
  openSession: LabState | null;
  listSessions: FileEntry[];
  exportCsv: ExportStarted | null;
  cancelExport: { cancelled: boolean };
  listExports: FileEntry[];
  /** null when the user cancelled the dialog. */
  importTrace: ImportedTrace | null;
  getRecovery: RecoveryInfo;
  recover: LabState | null;
  discardRecovery: { ok: true };
  viewAt: LabState;
  returnToHead: LabState;
  branchFromView: LabState;
  pinRun: PinnedRunInfo[];
  unpinRun: PinnedRunInfo[];
  clearPins: PinnedRunInfo[];
  listPins: PinnedRunInfo[];
  getPinnedHistory: HistoryResult;
  getPinnedMap: PinnedMap | null;
  compareAllPolicies: PinnedRunInfo[];
  /** null when the user cancelled a dialog. */
  saveComparison: { name: string; location: string } | null;
  openComparison: PinnedRunInfo[] | null;
  listComparisons: FileEntry[];
}

/** Commands from the native menu or keyboard that the renderer carries out. */
export const menuCommands = [
  'new',
  'open',
  'import-trace',
  'save',
  'save-as',
  'export',
  'run-pause',
  'step',
  'reset',
  'run-to-end',
  'theme-light',
  'theme-dark',
  'theme-system',
  'about',
  'scenario-help',
] as const;
export type MenuCommand = (typeof menuCommands)[number];

/** Events pushed from the Node side. */
export interface LabEvents extends SweepEvents {
  frame: Frame;
  runProgress: { tick: number; endTick: number; done: boolean; cancelled: boolean };
  exportProgress: {
    exportId: string;
    rowsWritten: number;
    rowsTotal: number;
    done: boolean;
    cancelled: boolean;
    error?: string;
  };
  sessionChanged: SessionMeta;
  /** The engine worker died; the session is intact and the engine restarted from it. */
  engineRestarted: { reason: string; tick: number };
  notice: { level: 'info' | 'warn' | 'error'; message: string };
  menuCommand: { command: MenuCommand };
  /** A state change not caused by this client (another window, a menu, recovery). */
  stateChanged: LabState;
  /** The pinned runs changed (pinned, unpinned, progress, done). */
  pinsChanged: PinnedRunInfo[];
}
export type LabEvent = keyof LabEvents;
export const labEvents: readonly LabEvent[] = [
  'frame',
  'runProgress',
  'exportProgress',
  'sessionChanged',
  'engineRestarted',
  'notice',
  'menuCommand',
  'stateChanged',
  'pinsChanged',
  ...sweepEventNames,
];

/** A typed failure crossing the transport (bad payload, refused file, ...). */
export interface LabErrorPayload {
  code:
    | 'bad-request'
    | 'invalid-scenario'
    | 'not-found'
    | 'refused'
    | 'io'
    | 'busy'
    | 'internal'
    | 'unauthorized';
  message: string;
  issues?: ScenarioIssue[];
}

/** The API as the renderer sees it: one async function per method, one subscribe per event. */
export type LabApi = {
  [M in LabMethod]: (request: LabRequest<M>) => Promise<LabResponses[M]>;
} & {
  on<E extends LabEvent>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

export type { Intervention };
