import type { RecordedIntervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';
import type { GuestMap, HostMap } from '../model/memory-maps';
import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import type { ImportSummary } from '../import/import-summary';
import type { RunSummary } from '../trace/summary';

/** The data the lab API carries (lab-api-contract.ts): states, frames, files, runs. */

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
  /**
   * True while the engine rebuilds the moments between an opened file's checkpoints (about half
   * a minute for an hour of a large host): until then a jump back can take a second or two.
   */
  preparingJumps?: boolean;
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
