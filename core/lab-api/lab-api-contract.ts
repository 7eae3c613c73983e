import type { Intervention } from '../scenario/event-schema';
import type { ScenarioIssue } from '../scenario/scenario-checks';
import { sweepEventNames, type SweepEvents, type SweepResponses } from './sweep-api-contract';
import type {
  PresetInfo,
  SessionMeta,
  LabState,
  Frame,
  LogResult,
  FileEntry,
  ExportStarted,
  RecoveryInfo,
  PinnedRunInfo,
  PinnedMap,
  ImportedTrace,
  AppInfo,
} from './lab-api-types';
import type { LabMethod, LabRequest } from './lab-request-schemas';
import type { ChartHistory } from './chart-history';

export * from './lab-request-schemas';
export * from './lab-api-types';
export * from './chart-history';

/**
 * The one contract between the renderer and the Node side (docs/architecture.md#lab-api): the
 * request schemas (lab-request-schemas.ts), the data they carry (lab-api-types.ts), and here what
 * each method answers, the events pushed and the API as the renderer sees it.
 */

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
  getHistory: ChartHistory;
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
  getPinnedHistory: ChartHistory;
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
