import { mkdir } from 'node:fs/promises';
import type { HostCounters, RecordedIntervention, VmCounters } from '../../core/engine/engine-types';
import { engineVersion } from '../../core/engine/engine-version';
import type { LabState, RecoveryInfo } from '../../core/lab-api/lab-api-contract';
import type { Intervention } from '../../core/scenario/event-schema';
import type { Scenario } from '../../core/scenario/scenario-schema';
import type { SessionDocument } from '../../core/session/session-schema';
import type { WorkerCommand, WorkerReplyResult, WorkerUpdate } from '../worker/worker-protocol';
import { removeStaleTempFilesIn } from './atomic-file';
import { Autosaver } from './autosave';
import { EngineSupervisor } from './engine-supervisor';
import { ExportController } from './export-controller';
import { FramePump } from './frame-pump';
import { HistoryStore } from './history-store';
import { LabError } from './lab-error';
import { LabEventHub } from './lab-events';
import type { LabHostOptions } from './lab-service-types';
import { LogStore } from './log-store';
import { RecentList } from './recent-list';
import { RecoveryStore } from './recovery';
import { assertInterventionFits, assertRunFits } from './run-guards';
import { SessionController } from './session-controller';

const disposeAutosaveMs = 3000;

/**
 * The lab's live state on the Node side, shared by both transports: the session, the engine
 * worker, the history and log stores, frames, exports, autosave and recovery. Operations that
 * replace or move the run are serialized so two clients cannot interleave them.
 */
export class LabRuntime {
  readonly events = new LabEventHub();
  readonly history = new HistoryStore();
  readonly log = new LogStore();
  readonly pump: FramePump;
  readonly engine: EngineSupervisor;
  readonly exports: ExportController;
  readonly recovery: RecoveryStore;
  readonly autosaver: Autosaver;
  readonly recent: RecentList | null;
  readonly ready: Promise<void>;
  session: SessionController | null = null;
  recoveryInfo: RecoveryInfo = { available: false };
  private latest: { host: HostCounters; vms: VmCounters[]; running: boolean } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly options: LabHostOptions,
    initialScenario: () => Scenario,
  ) {
    this.pump = new FramePump({
      history: this.history,
      log: this.log,
      requestMaps: () => this.engine.wantFrame(),
      emit: (frame) => this.events.emit('frame', frame),
    });
    this.engine = new EngineSupervisor(options.workerPath, {
      onUpdate: (u) => this.onUpdate(u),
      onProgress: (p) => {
        this.events.emit('runProgress', {
          tick: p.tick,
          endTick: p.endTick,
          done: p.done,
          cancelled: p.cancelled,
        });
      },
      onRestarted: (reason, tick) => {
        this.pump.workerReplaced();
        if (this.session !== null) this.session.tick = tick;
        this.events.emit('engineRestarted', { reason, tick });
        if (this.session !== null && this.latest !== null) this.events.emit('stateChanged', this.state());
      },
      onGaveUp: (reason) =>
        this.events.emit('notice', {
          level: 'error',
          message: `The engine stopped: ${reason}. Open or start a session to try again.`,
        }),
      replayTarget: () =>
        this.session === null
          ? null
          : { scenario: this.session.scenario, interventions: this.session.interventions },
    });
    this.exports = new ExportController(this.history, this.log, (p) => this.events.emit('exportProgress', p));
    this.recovery = new RecoveryStore({ stateDir: options.stateDir });
    this.autosaver = new Autosaver({
      stateDir: options.stateDir,
      snapshot: () => this.autosaveSnapshot(),
      onError: (error) =>
        this.events.emit('notice', {
          level: 'warn',
          message: `Autosave failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
    });
    this.recent = options.transport === 'electron' ? new RecentList({ stateDir: options.stateDir }) : null;
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
    const status = this.engine.status;
    const latest = this.latest;
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
    };
  }

  /** Sends a run command (play, step, ...) and returns the state after it. */
  async control(command: WorkerCommand): Promise<LabState> {
    const result = await this.engine.request(command);
    this.requireSession().tick = result.status.tick;
    this.announceMeta();
    return this.state();
  }

  async applyIntervention(intervention: Intervention): Promise<LabState> {
    const session = this.requireSession();
    assertInterventionFits(session, intervention);
    const result = await this.engine.request({ type: 'apply', intervention });
    session.tick = result.status.tick;
    if (result.recorded !== undefined) session.record(result.recorded);
    this.announceMeta();
    return this.state();
  }

  /** Starts a fresh unsaved session of `scenario` at tick 0. */
  newSession(scenario: Scenario): Promise<LabState> {
    return this.exclusive(async () => {
      assertRunFits(scenario, this.options.runBudget);
      const session = this.session ?? new SessionController(scenario);
      session.startNew(scenario);
      this.session = session;
      await this.loadRun(scenario, [], 0);
      this.announceMeta(true);
      return this.state();
    });
  }

  /** Opens a saved (or recovered, location null) session: replays it and checks its digest. */
  openDocument(doc: SessionDocument, location: string | null): Promise<LabState> {
    return this.exclusive(async () => {
      assertRunFits(doc.scenario, this.options.runBudget);
      const session = this.session ?? new SessionController(doc.scenario);
      session.startFromDocument(doc, location);
      this.session = session;
      const result = await this.loadRun(doc.scenario, doc.interventions, doc.tick);
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

  /** Back to tick 0 of the same scenario; recorded interventions go with the run. */
  reset(): Promise<LabState> {
    return this.exclusive(async () => {
      const session = this.requireSession();
      session.resetRun();
      await this.loadRun(session.scenario, [], 0);
      this.announceMeta();
      return this.state();
    });
  }

  replaceScenario(scenario: Scenario): Promise<LabState> {
    return this.exclusive(async () => {
      const session = this.requireSession();
      if (session.tick !== 0)
        throw new LabError(
          'refused',
          'The run has started: reset it to edit the scenario, or change VMs live (interventions).',
        );
      assertRunFits(scenario, this.options.runBudget);
      session.replaceScenario(scenario);
      await this.loadRun(scenario, [], 0);
      this.announceMeta();
      return this.state();
    });
  }

  /** The live session as a document, at the tick the engine's digest was taken. */
  async currentDocument(savedIso: string): Promise<SessionDocument> {
    const session = this.requireSession();
    const result = await this.engine.request({ type: 'digest' });
    session.tick = result.status.tick;
    return session.document({
      savedIso,
      appVersion: this.options.appVersion,
      engineVersion,
      stateDigest: result.digest ?? '',
    });
  }

  /** Emits sessionChanged when name, location or the dirty flag changed. */
  announceMeta(force = false): void {
    const session = this.session;
    if (session === null) return;
    if (session.metaChanged() || force) this.events.emit('sessionChanged', session.meta());
  }

  async dispose(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.pump.dispose();
    await this.exports.cancelAll();
    try {
      // Unsaved work stays in the autosave, which the next start offers to recover. A hung
      // engine cannot hold up the exit: the periodic autosave is then the newest copy.
      if (this.session?.dirty === true) {
        await Promise.race([
          this.autosaver.saveNow().catch(() => false),
          new Promise((r) => setTimeout(r, disposeAutosaveMs).unref()),
        ]);
        await this.autosaver.stop();
      } else {
        await this.autosaver.markCleanExit();
      }
    } finally {
      await this.engine.dispose();
    }
  }

  private async start(initialScenario: () => Scenario): Promise<void> {
    await mkdir(this.options.stateDir, { recursive: true });
    if (this.options.dataDir !== null) await mkdir(this.options.dataDir, { recursive: true });
    // Saves killed mid-write (kill -9, power loss) leave temp files in the folders we save to.
    await removeStaleTempFilesIn(this.options.stateDir);
    if (this.options.dataDir !== null) await removeStaleTempFilesIn(this.options.dataDir);
    this.recoveryInfo = await this.recovery.checkAtStartup();
    await this.autosaver.start();
    const scenario = initialScenario();
    this.session = new SessionController(scenario);
    await this.loadRun(scenario, [], 0);
    this.session.metaChanged();
  }

  private async loadRun(
    scenario: Scenario,
    interventions: readonly RecordedIntervention[],
    tick: number,
  ): Promise<WorkerReplyResult> {
    await this.exports.cancelAll();
    this.history.reset();
    this.log.reset();
    this.pump.restart();
    this.latest = null;
    try {
      const result = await this.engine.load(scenario, interventions, tick, true);
      this.requireSession().tick = result.status.tick;
      return result;
    } finally {
      this.pump.resume();
    }
  }

  private onUpdate(update: WorkerUpdate): void {
    if (update.samples !== null) this.history.append(update.samples);
    if (update.log.length > 0) this.log.append(update.log);
    const wasRunning = this.latest?.running ?? false;
    this.latest = { host: update.host, vms: update.vms, running: update.running };
    if (this.session !== null) this.session.tick = update.tick;
    this.pump.onUpdate(update);
    this.announceMeta();
    // A run that stopped by itself (end reached) is news to every client.
    if (wasRunning && !update.running && this.session !== null)
      this.events.emit('stateChanged', this.state());
  }

  private autosaveSnapshot(): Promise<SessionDocument | null> {
    if (this.session === null || this.latest === null) return Promise.resolve(null);
    return this.exclusive(() => this.currentDocument(new Date().toISOString()));
  }
}
