import type {
  ChartHistory,
  LabState,
  LogResult,
  RecoveryInfo,
  TraceSample,
} from '../../../core/lab-api/lab-api-contract';
import type { Intervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type { SessionDocument } from '../../../core/session/session-schema';
import type { WorkerView } from '../../worker/worker-protocol';
import type { ExportResult } from '../export/csv-export';
import type { ExportRequest } from '../export/export-controller';
import type { SessionController } from '../session/session-controller';
import type { SessionKeeping } from '../session/session-keeping';
import type { LogFilter } from '../trace/log-history';
import { EngineRun } from './engine-run';
import { sessionDocument } from './lab-documents';
import { LabEventHub } from './lab-events';
import { labKeeping, prepareLabFolders } from './lab-keeping';
import { labRunHooks, type LabRunParts } from './lab-run-hooks';
import { labState } from './lab-state';
import { RunCommands, type RunCommand } from './run-commands';
import { SessionLoads } from './session-loads';
import { TaskLanes, type TaskLane } from './task-lanes';
import { TimeTravelCommands } from './time-travel-commands';
import { TimeTravelView } from './time-travel-view';
import type { LabHostOptions } from './lab-service-types';

export type { RunCommand };

/**
 * The lab's live state on the Node side, shared by both transports: the session, the engine
 * run (engine-run.ts: the engine process, its trace, frames and exports) and what keeps the
 * session through a crash (autosave, recovery). Handlers (lab-handlers.ts, lab-files.ts) use
 * its methods only, never its parts. Operations that replace or move the run are serialized
 * so two clients cannot interleave them.
 */
export class LabRuntime {
  /** Everything the lab pushes to its clients. */
  readonly events = new LabEventHub();
  readonly ready: Promise<void>;
  private readonly run: EngineRun;
  private readonly keeping: SessionKeeping;
  /** The session and the loads that replace its run (session-loads.ts). */
  private readonly loads: SessionLoads;
  /** What moves the run on (run-commands.ts). */
  private readonly commands: RunCommands;
  private readonly tasks = new TaskLanes();
  /** The moment of the run shown (time travel); see viewAt. */
  private readonly view: TimeTravelView;
  /** Shows a past tick, returns to the head, branches (time-travel-commands.ts). */
  private readonly timeTravel: TimeTravelCommands;

  /** The last load started from a saved checkpoint (diagnostics, tests). */
  get lastLoadFromCheckpoint(): boolean {
    return this.loads.lastLoadFromCheckpoint;
  }

  /**
   * Whether the engine is still filling the gaps between an opened session's checkpoints, after
   * which a jump anywhere replays as little as in the run (diagnostics, the time-travel benchmark).
   */
  async fillingGaps(): Promise<boolean> {
    return (await this.run.request({ type: 'status' })).status.fillingGaps === true;
  }

  constructor(
    readonly options: LabHostOptions,
    initialScenario: () => Scenario,
  ) {
    // The parts are read when the engine reports: they are made after the run, which they hold.
    const parts = (): LabRunParts => ({ run: this.run, loads: this.loads, view: this.view });
    this.run = new EngineRun(options, this.events, labRunHooks(this.events, this, parts));
    this.view = new TimeTravelView(this.run);
    this.loads = new SessionLoads(this.run, this.view, this.events, options, this);
    this.commands = new RunCommands(this.run, this.view, this.loads, this);
    this.timeTravel = new TimeTravelCommands(this.run, this.view, this.loads, this);
    this.keeping = labKeeping(options, this.events, {
      snapshot: () => this.autosaveSnapshot(),
      unsaved: () => this.unsavedWork(),
      revision: () => this.loads.session?.revision() ?? null,
    });
    this.ready = this.start(initialScenario);
  }

  /** Runs `task` after every earlier exclusive task (loads, saves, steps; a jump in time not after saves: task-lanes.ts). */
  exclusive<T>(task: () => Promise<T>, lane?: TaskLane): Promise<T> {
    return this.tasks.run(task, lane);
  }

  requireSession(): SessionController {
    return this.loads.requireSession();
  }

  state(): LabState {
    return labState(this.requireSession(), this.run, this.view.viewTick);
  }

  /**
   * {@link state}, the engine asked first whether it still prepares jumps when it last said so
   * (it reports nothing while it waits, so the status kept here would say so for ever).
   */
  async currentState(): Promise<LabState> {
    if (this.run.status?.fillingGaps === true && !this.run.loading)
      await this.run.request({ type: 'status' }).catch(() => undefined);
    return this.state();
  }

  /**
   * Shows a past tick of the run (0 to its newest): the maps, counters and log as they were then,
   * while the run waits at its newest state. `tick` equal to the newest returns there.
   */
  viewAt(tick: number): Promise<LabState> {
    return this.timeTravel.viewAt(tick);
  }

  /** Back to the newest state of the run after viewAt. */
  returnToHead(): Promise<LabState> {
    return this.timeTravel.returnToHead();
  }

  /**
   * The past tick shown becomes the run: the ticks, trace and interventions after it are
   * dropped and the run goes on from there. At the head it changes nothing.
   */
  branchFromView(): Promise<LabState> {
    return this.timeTravel.branchFromView();
  }

  /** A replay (opening, resetting, recovering after a crash) is in progress. */
  get loading(): boolean {
    return this.run.loading;
  }

  /**
   * Sends a run command (play, pause, ...) and returns the state after it. While a replay is
   * in progress, pause, cancelRun and setSpeed answer at once and play and runToEnd are refused.
   */
  control(command: RunCommand): Promise<LabState> {
    return this.commands.control(command);
  }

  /** Steps `ticks` ticks after every earlier exclusive task; pause or cancelRun ends it early. */
  step(ticks: number): Promise<LabState> {
    return this.commands.step(ticks);
  }

  applyIntervention(intervention: Intervention): Promise<LabState> {
    return this.commands.applyIntervention(intervention);
  }

  /** Starts a fresh unsaved session of `scenario` at tick 0. */
  newSession(scenario: Scenario): Promise<LabState> {
    return this.loads.newSession(scenario);
  }

  /** Opens a saved (or recovered, location null) session: replays it and checks its digest. */
  openDocument(doc: SessionDocument, location: string | null): Promise<LabState> {
    return this.loads.openDocument(doc, location);
  }

  /** Back to tick 0 of the same scenario; recorded interventions go with the run. */
  reset(): Promise<LabState> {
    return this.loads.reset();
  }

  replaceScenario(scenario: Scenario): Promise<LabState> {
    return this.loads.replaceScenario(scenario);
  }

  /**
   * Makes a save answer at once: refused while a replay is in progress (the file being opened
   * or recovered is still on disk), and a step in progress ends where it is.
   */
  async readyToSave(): Promise<void> {
    this.run.assertNotLoading('be saved');
    await this.run.endStep();
  }

  /**
   * The live session as a document, at the tick the engine's digest was taken. With the engine
   * stopped for good, the session as recorded (no digest: opening it replays without a check).
   */
  async currentDocument(savedIso: string, withTrace = false): Promise<SessionDocument> {
    const session = this.requireSession();
    this.run.assertNotLoading('be saved');
    return sessionDocument(session, this.run, this.options.appVersion, savedIso, withTrace);
  }

  /** Emits sessionChanged when name, location or the dirty flag changed. */
  announceMeta(force = false): void {
    const session = this.loads.session;
    if (session === null) return;
    if (session.metaChanged() || force) this.events.emit('sessionChanged', session.meta());
  }

  /** What frames show: the selected VM and the map windows (cells held to the frame budget). */
  setView(view: WorkerView): Promise<void> {
    return this.run.setView(view);
  }

  /** The renderer painted `credits` frames: as many more may come. */
  ackFrames(credits: number): void {
    this.run.ackFrames(credits);
  }

  queryLog(filter: LogFilter): LogResult {
    return this.run.queryLog(filter);
  }

  /** The plotted series of the run, at most `maxPoints` samples each (getHistory). */
  chartHistory(maxPoints: number): ChartHistory {
    return this.run.chartHistory(maxPoints);
  }

  /** Starts a CSV export of the run's trace; progress and the end arrive as events. */
  startExport(request: ExportRequest): { exportId: string; done: Promise<ExportResult | null> } {
    return this.run.startExport(request);
  }

  cancelExport(exportId: string): boolean {
    return this.run.cancelExport(exportId);
  }

  /** Whether a session of an earlier run can be recovered (read again from disk). */
  recoveryStatus(): Promise<RecoveryInfo> {
    return this.keeping.status();
  }

  /** Opens the recoverable session (unsaved); every client hears of it. Null when there is none. */
  async recover(): Promise<LabState | null> {
    const state = await this.keeping.recover((doc) => this.openDocument(doc, null));
    if (state !== null) this.events.emit('stateChanged', state);
    return state;
  }

  discardRecovery(): Promise<void> {
    return this.keeping.discard();
  }

  /** Saves the autosave now; false when there was nothing new to save. */
  autosaveNow(): Promise<boolean> {
    return this.keeping.autosaveNow();
  }

  /** The engine's process id, for diagnostics (and tests that play a crash). */
  get enginePid(): number | undefined {
    return this.run.enginePid;
  }

  /** Frame credits the renderer has left. */
  get frameCredits(): number {
    return this.run.frameCredits;
  }

  /** Trace samples held of the current run. */
  get sampleCount(): number {
    return this.run.sampleCount;
  }

  sampleAt(index: number): TraceSample {
    return this.run.sampleAt(index);
  }

  async dispose(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.run.stopOutput();
    try {
      await this.keeping.finish(this.loads.session?.dirty === true);
    } finally {
      await this.run.dispose();
    }
  }

  private async start(initialScenario: () => Scenario): Promise<void> {
    await prepareLabFolders(this.options);
    await this.keeping.start();
    await this.loads.first(initialScenario());
  }

  /** Whether the live session may hold work its file (or its preset) does not: while one loads, it may. */
  private unsavedWork(): boolean {
    const session = this.loads.session;
    return session === null || this.run.loading || this.loads.replacing || session.dirty;
  }

  private autosaveSnapshot(): Promise<SessionDocument | null> {
    // During a replay the previous autosave stays: the session is still on its way in.
    if (this.loads.session === null || this.run.latest === null || this.run.loading)
      return Promise.resolve(null);
    return this.exclusive(
      async () =>
        // With its checkpoints: only the blocks changed since the last save are compressed, off the engine's thread.
        this.run.loading ? null : await this.currentDocument(new Date().toISOString(), true),
      'save',
    );
  }
}
