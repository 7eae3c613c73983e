import { mkdir } from 'node:fs/promises';
import { engineVersion } from '../../../core/engine/engine-version';
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
import type { WorkerCommand, WorkerView } from '../../worker/worker-protocol';
import { assertInterventionFits, assertRunFits } from '../engine/run-guards';
import type { ExportResult } from '../export/csv-export';
import type { ExportRequest } from '../export/export-controller';
import { removeStaleTempFilesIn } from '../files/atomic-file';
import { SessionController } from '../session/session-controller';
import { SessionKeeping } from '../session/session-keeping';
import {
  openSessionTrace,
  packSessionTrace,
  savedTraceRefused,
  type OpenedTrace,
} from '../session/session-trace';
import type { LogFilter } from '../trace/log-history';
import { EngineRun } from './engine-run';
import { LabError } from './lab-error';
import { LabEventHub } from './lab-events';
import { TimeTravelView } from './time-travel-view';
import type { LabHostOptions } from './lab-service-types';

/** The run commands clients send (loads and steps have methods of their own). */
export type RunCommand = Extract<
  WorkerCommand,
  { type: 'play' | 'pause' | 'runToEnd' | 'cancelRun' | 'setSpeed' }
>;

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
  private session: SessionController | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** The moment of the run shown (time travel); see viewAt. */
  private readonly view: TimeTravelView;
  /** The last load started from a saved checkpoint (diagnostics, tests). */
  lastLoadFromCheckpoint = false;

  /**
   * Whether the engine is still filling the gaps between an opened session's checkpoints, after
   * which a jump anywhere replays as little as in the run (diagnostics, the time-travel benchmark).
   */
  async fillingGaps(): Promise<boolean> {
    return (await this.run.request({ type: 'status' })).status.fillingGaps === true;
  }
  /** Tasks replacing the session's run that are under way; see {@link replaceRun}. */
  private runsReplacing = 0;

  constructor(
    readonly options: LabHostOptions,
    initialScenario: () => Scenario,
  ) {
    this.run = new EngineRun(options, this.events, {
      onTick: (tick, stopped) => {
        if (this.session !== null && this.view.followsRun && this.engineHoldsSession)
          this.session.tick = tick;
        this.announceMeta();
        // A run that stopped by itself (end reached) is news to every client.
        if (stopped && this.session !== null) this.events.emit('stateChanged', this.state());
      },
      onRestarted: (reason, tick) => {
        // A new engine process holds the run at its head.
        this.view.reset();
        if (this.session !== null) this.session.tick = tick;
        this.events.emit('engineRestarted', { reason, tick });
        if (this.session !== null && this.run.latest !== null) this.events.emit('stateChanged', this.state());
      },
      onGaveUp: (reason) =>
        this.events.emit('notice', {
          level: 'error',
          message: `The engine stopped: ${reason}. The session is kept: save it, or open or start a session to try again.`,
        }),
      replayTarget: () =>
        this.session === null
          ? null
          : { scenario: this.session.scenario, interventions: this.session.interventions },
    });
    this.view = new TimeTravelView(this.run);
    this.keeping = new SessionKeeping({
      stateDir: options.stateDir,
      snapshot: () => this.autosaveSnapshot(),
      onAutosaveError: (error) =>
        this.events.emit('notice', {
          level: 'warn',
          message: `Autosave failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
    });
    this.ready = this.start(initialScenario);
  }

  /** Runs `task` after every earlier exclusive task (loads, saves, steps). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(task);
    this.queue = run;
    return run;
  }

  requireSession(): SessionController {
    if (this.session === null) throw new LabError('internal', 'no session is loaded');
    return this.session;
  }

  state(): LabState {
    const session = this.requireSession();
    const status = this.run.status;
    const latest = this.run.latest;
    if (latest === null) throw new LabError('busy', 'the engine is still loading the session');
    return {
      session: session.meta(),
      scenario: session.scenario,
      tick: session.tick,
      endTick: status?.endTick ?? 0,
      timeS: (session.tick * session.scenario.tickMs) / 1000,
      running: latest.running,
      speed: status?.speed ?? null,
      interventions: [...session.interventions],
      host: latest.host,
      vms: latest.vms,
      uiState: session.uiState,
      ...(this.view.viewTick === null ? {} : { viewTick: this.view.viewTick }),
      ...(status?.fillingGaps === true ? { preparingJumps: true } : {}),
    };
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
    this.run.assertNotLoading('go back in time');
    return this.exclusive(async () => {
      const session = this.requireSession();
      if (tick > session.tick)
        throw new LabError(
          'refused',
          `Tick ${tick} has not been simulated yet: the run is at tick ${session.tick}.`,
        );
      await this.view.travel({ type: 'seek', tick });
      return this.state();
    });
  }

  /** Back to the newest state of the run after viewAt. */
  returnToHead(): Promise<LabState> {
    return this.exclusive(async () => {
      await this.view.travel({ type: 'head' });
      return this.state();
    });
  }

  /**
   * The past tick shown becomes the run: the ticks, trace and interventions after it are
   * dropped and the run goes on from there. At the head it changes nothing.
   */
  branchFromView(): Promise<LabState> {
    return this.exclusive(async () => {
      await this.view.branch(this.requireSession());
      this.announceMeta();
      return this.state();
    });
  }

  /** A replay (opening, resetting, recovering after a crash) is in progress. */
  get loading(): boolean {
    return this.run.loading;
  }

  /**
   * Sends a run command (play, pause, ...) and returns the state after it. While a replay is
   * in progress, pause, cancelRun and setSpeed answer at once and play and runToEnd are refused.
   */
  async control(command: RunCommand): Promise<LabState> {
    if (command.type === 'play' || command.type === 'runToEnd') {
      this.run.assertNotLoading('run');
      this.view.assertAtHead('run');
    }
    const result = await this.run.request(command);
    // A replay moves the engine through ticks the session has passed already.
    if (!this.run.loading && this.runsReplacing === 0) this.requireSession().tick = result.status.headTick;
    this.announceMeta();
    return this.state();
  }

  /** Steps `ticks` ticks after every earlier exclusive task; pause or cancelRun ends it early. */
  step(ticks: number): Promise<LabState> {
    this.run.assertNotLoading('step');
    this.view.assertAtHead('step');
    return this.exclusive(async () => {
      const result = await this.run.step(ticks);
      this.requireSession().tick = result.status.tick;
      this.announceMeta();
      return this.state();
    });
  }

  async applyIntervention(intervention: Intervention): Promise<LabState> {
    const session = this.requireSession();
    this.run.assertNotLoading('change');
    // In the gap before a replacing load reaches the engine the change would go to the old run but be recorded in the new session.
    if (!this.engineHoldsSession)
      throw new LabError(
        'busy',
        'A session is being opened or started, so the change cannot be made yet. Try again in a moment.',
      );
    this.view.assertAtHead('change');
    assertInterventionFits(session, intervention);
    const result = await this.run.request({ type: 'apply', intervention });
    session.tick = result.status.tick;
    if (result.recorded !== undefined) session.record(result.recorded);
    this.announceMeta();
    return this.state();
  }

  /** Starts a fresh unsaved session of `scenario` at tick 0. */
  newSession(scenario: Scenario): Promise<LabState> {
    assertRunFits(scenario, this.options.runBudget);
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.session ?? new SessionController(scenario);
      session.startNew(scenario);
      this.session = session;
      await this.load(ticket, session);
      this.announceMeta(true);
      return this.state();
    });
  }

  /** Opens a saved (or recovered, location null) session: replays it and checks its digest. */
  openDocument(doc: SessionDocument, location: string | null): Promise<LabState> {
    assertRunFits(doc.scenario, this.options.runBudget);
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.session ?? new SessionController(doc.scenario);
      session.startFromDocument(doc, location);
      this.session = session;
      const result = await this.load(ticket, session, this.savedTraceOf(doc));
      if (doc.stateDigest !== '' && result.digest !== doc.stateDigest) {
        const savedBy = doc.app.engineVersion;
        const message =
          savedBy !== '' && savedBy !== engineVersion
            ? `"${doc.name}" was saved by engine ${savedBy}; this is engine ${engineVersion}, which simulates differently, so its results differ from when it was saved. It is open at tick ${result.status.tick}, replayed with engine ${engineVersion}; saving it keeps the new results.`
            : `"${doc.name}" was replayed to tick ${result.status.tick}, but the replayed state differs from the saved one. The session is open at the replayed state.`;
        this.events.emit('notice', { level: 'warn', message });
      }
      this.announceMeta(true);
      return this.state();
    });
  }

  /**
   * The checkpoints and trace a session file holds, or undefined (none, or unusable: replayed);
   * its samples and lines are still being unpacked (EngineRun.load says when they are refused).
   */
  private savedTraceOf(doc: SessionDocument): OpenedTrace | undefined {
    if (doc.trace === undefined) return undefined;
    try {
      return openSessionTrace(doc.trace, doc.scenario);
    } catch (error) {
      this.events.emit('notice', { level: 'warn', message: savedTraceRefused(doc.name, error) });
      return undefined;
    }
  }

  /** Back to tick 0 of the same scenario; recorded interventions go with the run. */
  reset(): Promise<LabState> {
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.requireSession();
      session.resetRun();
      await this.load(ticket, session);
      this.announceMeta();
      return this.state();
    });
  }

  replaceScenario(scenario: Scenario): Promise<LabState> {
    this.run.assertNotLoading('be edited');
    assertRunFits(scenario, this.options.runBudget);
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.requireSession();
      if (session.tick !== 0)
        throw new LabError(
          'refused',
          'The run has started: reset it to edit the scenario, or change VMs live (interventions).',
        );
      session.replaceScenario(scenario);
      await this.load(ticket, session);
      this.announceMeta();
      return this.state();
    });
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
    const versions = { savedIso, appVersion: this.options.appVersion, engineVersion };
    if (this.run.engineDown) return session.document({ ...versions, stateDigest: '' });
    const result = await this.run.request({ type: 'digest' });
    session.tick = result.status.headTick;
    const doc = session.document({ ...versions, stateDigest: result.digest ?? '' });
    const saved = withTrace ? await this.run.savedTrace(session.tick) : null;
    return saved === null ? doc : { ...doc, trace: await packSessionTrace(saved) };
  }

  /** Emits sessionChanged when name, location or the dirty flag changed. */
  announceMeta(force = false): void {
    const session = this.session;
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
      await this.keeping.finish(this.session?.dirty === true);
    } finally {
      await this.run.dispose();
    }
  }

  private async start(initialScenario: () => Scenario): Promise<void> {
    await mkdir(this.options.stateDir, { recursive: true });
    if (this.options.dataDir !== null) await mkdir(this.options.dataDir, { recursive: true });
    // Saves killed mid-write (kill -9, power loss) leave temp files in the folders we save to.
    await removeStaleTempFilesIn(this.options.stateDir);
    if (this.options.dataDir !== null) await removeStaleTempFilesIn(this.options.dataDir);
    await this.keeping.start();
    const session = new SessionController(initialScenario());
    this.session = session;
    await this.load(this.run.claim(), session);
    session.metaChanged();
  }

  /**
   * The engine's updates are of the session's run. Not while a task replacing the run has changed
   * the session but its load has not reached the engine yet: updates of the old run still on their
   * way (same epoch until then) would set the session's tick, and the load would go to that tick
   * instead of the opened or new session's. Once loading, the updates are the replay's progress.
   */
  private get engineHoldsSession(): boolean {
    return this.runsReplacing === 0 || this.run.loading;
  }

  /**
   * Runs `task`, which replaces the session's run (changes the session, then loads it), after
   * every earlier exclusive task; see {@link engineHoldsSession}.
   */
  private replaceRun<T>(task: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.runsReplacing++;
      try {
        return await task();
      } finally {
        this.runsReplacing--;
      }
    });
  }

  /** Loads the session's run: its scenario and interventions, replayed to its tick. */
  private async load(ticket: number, session: SessionController, saved?: OpenedTrace) {
    this.view.reset();
    const result = await this.run.load(
      ticket,
      session.name,
      { scenario: session.scenario, interventions: session.interventions, tick: session.tick },
      saved,
    );
    this.lastLoadFromCheckpoint = result.fromCheckpoint === true;
    session.tick = result.status.tick;
    return result;
  }

  private autosaveSnapshot(): Promise<SessionDocument | null> {
    // During a replay the previous autosave stays: the session is still on its way in.
    if (this.session === null || this.run.latest === null || this.run.loading) return Promise.resolve(null);
    return this.exclusive(async () =>
      // With its checkpoints: only the blocks changed since the last save are compressed, off the engine's thread.
      this.run.loading ? null : await this.currentDocument(new Date().toISOString(), true),
    );
  }
}
