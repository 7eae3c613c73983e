import type { ChartHistory, LabEvents, LogResult, TraceSample } from '../../../core/lab-api/lab-api-contract';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type {
  WorkerCommand,
  WorkerReplyResult,
  WorkerStatus,
  WorkerView,
} from '../../worker/worker-protocol';
import { WorkerCommandError } from '../engine/engine-client';
import type { EngineSupervisor, ReplayTarget } from '../engine/engine-supervisor';
import type { ExportResult } from '../export/csv-export';
import { ExportController, type ExportRequest } from '../export/export-controller';
import { maxGuestMapCells, maxHostMapCells } from '../trace/frame-budget';
import { LiveTrace, type LatestCounters } from '../trace/live-trace';
import type { LogFilter } from '../trace/log-history';
import { createLabEngine } from './lab-engine';
import { LabError } from './lab-error';
import { loadSaved } from './load-saved';
import type { LabEventHub } from './lab-events';
import type { LabHostOptions } from './lab-service-types';
import { packHistory, savedTraceRefused, type OpenedTrace, type SavedTrace } from '../session/session-trace';
import { maxSessionFileBytes } from '../../../core/session/safe-json';

/**
 * Compressed bytes of checkpoints a session file keeps at most (packs and index): the newest
 * (whatever its size) and earlier ones, kept as deltas of the next newer one and spread by the
 * engine work between them, as many as fit, so that going back right after opening replays
 * little (the engine then fills the gaps: electron/worker/checkpoint-gaps.ts). A one-hour
 * datacenter-2x run's newest is about 20 MiB with its index and each earlier one about 0.3 MiB:
 * such a file holds 85 to 95, a jump right after opening replays at most about 150 ticks, and the
 * file is about 52 MiB of the 64 a session file may be (with 25, up to 400 ticks). A small host's holds as many as the run
 * kept (at most 256).
 */
const savedCheckpointCapBytes = 56 * 1024 * 1024;
/** What a session file holds besides its trace's parts (scenario, interventions, UI state), at most. */
const sessionHeadroomBytes = 2 * 1024 * 1024;

/**
 * The checkpoint budget of a file whose samples and log take `historyBytes`: what is left of a
 * session file's 64 MiB, up to {@link savedCheckpointCapBytes}. Over 64 MiB a file would keep no
 * trace at all (serialize-session.ts): a long run keeps fewer earlier checkpoints instead.
 */
export function checkpointBudgetBytes(historyBytes: number): number {
  return Math.max(
    0,
    Math.min(savedCheckpointCapBytes, maxSessionFileBytes - sessionHeadroomBytes - historyBytes),
  );
}

export interface EngineRunHooks {
  /** The engine reported `tick`; `stopped` when a run that was going ended by itself. */
  onTick(tick: number, stopped: boolean): void;
  /** A new engine process holds the session again, paused at `tick`. */
  onRestarted(reason: string, tick: number): void;
  /** The engine crashed too often and was not restarted. */
  onGaveUp(reason: string): void;
  /** What a new engine process replays after a crash. */
  replayTarget(): ReplayTarget | null;
}

/**
 * The engine process of the lab and what it reported: the live trace, frames and CSV exports
 * of it, and the bookkeeping that lets a replay or a step be cut short when the run is
 * replaced (a new session, an open) instead of being waited for.
 */
export class EngineRun {
  private readonly engine: EngineSupervisor;
  private readonly trace: LiveTrace;
  private readonly exports: ExportController;
  /** A step is in progress. */
  private stepping = false;
  /** The engine stopped for good (crashed repeatedly). */
  private down = false;
  /** Bumped by every request that replaces the run: a load that is no longer the latest gives up. */
  private ticket = 0;

  /** `checkpoints` false: the runs keep none, so they cannot be gone back in (a comparison's pinned runs). */
  constructor(
    options: LabHostOptions,
    private readonly events: LabEventHub,
    hooks: EngineRunHooks,
    checkpoints = true,
  ) {
    this.trace = new LiveTrace({
      requestMaps: () => this.engine.wantFrame(),
      emitFrame: (frame) => events.emit('frame', frame),
    });
    this.exports = new ExportController(this.trace.history, this.trace.log, (p) =>
      events.emit('exportProgress', p),
    );
    this.engine = createLabEngine(
      options,
      {
        onUpdate: (update) => hooks.onTick(update.tick, this.trace.take(update)),
        onProgress: ({ tick, endTick, done, cancelled }) =>
          events.emit('runProgress', { tick, endTick, done, cancelled } satisfies LabEvents['runProgress']),
        onRestarted: (reason, tick) => {
          this.trace.engineReplaced();
          hooks.onRestarted(reason, tick);
        },
        onGaveUp: (reason) => {
          this.down = true;
          hooks.onGaveUp(reason);
        },
        replayTarget: hooks.replayTarget,
      },
      checkpoints,
    );
  }

  /** A replay (opening, resetting, recovering after a crash) is in progress. */
  get loading(): boolean {
    return this.engine.loading;
  }

  /** The engine stopped for good: the session is kept without it until the next load. */
  get engineDown(): boolean {
    return this.down;
  }

  get status(): WorkerStatus | null {
    return this.engine.status;
  }

  /** The counters of the engine's last update, null while a run is loading. */
  get latest(): LatestCounters | null {
    return this.trace.latest;
  }

  assertNotLoading(what: string): void {
    if (this.engine.loading)
      throw new LabError(
        'busy',
        `The session is still being replayed, so it cannot ${what} yet. Wait for the replay to finish, or start or open another session to stop it.`,
      );
  }

  /**
   * Takes the run for a new load: a replay or step in progress is ended at once, so the new
   * load need not wait for it, and a load claimed earlier gives up (the latest request wins).
   * Returns the ticket {@link load} checks.
   */
  claim(): number {
    if (this.engine.loading || this.stepping) void this.engine.interrupt().catch(() => undefined);
    return ++this.ticket;
  }

  /**
   * Replaces the run by a replay of `interventions` to `tick`, reporting the trace on the way;
   * refused (LabError 'refused', naming `name`) when a later claim took its place first.
   */
  async load(
    ticket: number,
    name: string,
    run: { scenario: Scenario; interventions: readonly RecordedIntervention[]; tick: number },
    saved?: OpenedTrace,
  ): Promise<WorkerReplyResult> {
    const replaced = (): LabError =>
      new LabError(
        'refused',
        `Loading "${name}" was stopped before it finished: another session took its place.`,
      );
    await this.exports.cancelAll();
    if (ticket !== this.ticket) throw replaced();
    this.trace.reset();
    try {
      // A saved trace stands in for the one a replay would report: the engine goes there quietly
      // while the samples and lines are unpacked here.
      const loading = loadSaved(this.engine, run, saved);
      // Awaited below; a refusal while the history is unpacked must not count as unhandled.
      loading.catch(() => undefined);
      let result: WorkerReplyResult;
      if (saved === undefined) result = await loading;
      else {
        const history = await saved.history.catch((error: unknown) => error as Error);
        if (!(history instanceof Error)) {
          this.trace.adoptSaved(history.samples, history.lines);
          result = await loading;
        } else {
          await loading;
          if (ticket !== this.ticket) throw replaced();
          this.events.emit('notice', { level: 'warn', message: savedTraceRefused(name, history) });
          this.trace.reset();
          result = await this.engine.load(run.scenario, run.interventions, run.tick, true, {});
        }
      }
      this.down = false;
      return result;
    } catch (error) {
      if (error instanceof WorkerCommandError && error.code === 'cancelled') throw replaced();
      throw error;
    } finally {
      this.trace.resumeFrames();
    }
  }

  request(command: WorkerCommand): Promise<WorkerReplyResult> {
    return this.engine.request(command);
  }

  /** Steps `ticks` ticks; a pause, a cancelRun, a save or a new load ends it early. */
  async step(ticks: number): Promise<WorkerReplyResult> {
    this.stepping = true;
    try {
      return await this.engine.request({ type: 'step', ticks });
    } finally {
      this.stepping = false;
    }
  }

  /**
   * The trace up to `tick` (at `timeS`) and the checkpoints (the newest at or before `tick`, the
   * session's, and earlier ones), for a session file that opens without a replay; null when there is none or
   * it could not fit a session file.
   */
  async savedTrace(tick: number, timeS: number): Promise<SavedTrace | null> {
    // Up to the tick saved: the run may go on meanwhile (an autosave while it plays), and rows
    // past it would be followed, once reopened, by those the engine makes again from the tick.
    const samples = this.trace.history.packed(timeS);
    const log = this.trace.log;
    const lines = Array.from({ length: log.length }, (_, i) => log.at(i)).filter((line) => line.tick <= tick);
    const packed = await packHistory(samples, lines);
    const result = await this.engine.request({
      type: 'checkpoint',
      budgetBytes: checkpointBudgetBytes(packed.samples.byteLength + packed.log.byteLength),
      maxTick: tick,
    });
    const store = result.store;
    const bytes =
      store !== undefined
        ? store.index.byteLength + store.packs.reduce((n, p) => n + p.byteLength, 0)
        : (result.checkpoint?.bytes.byteLength ?? Infinity);
    if (bytes > maxSessionFileBytes) return null;
    return {
      ...(store !== undefined
        ? { store }
        : { checkpoint: result.checkpoint!, earlier: result.earlier ?? [] }),
      samples,
      lines,
      packed,
    };
  }

  /** The run goes on from `tick` as a branch: its trace after that is forgotten. */
  truncateTrace(tick: number, timeS: number): void {
    this.trace.truncateAfter(tick, timeS);
  }

  /** Ends a step in progress where it is (a save does not wait for it). */
  async endStep(): Promise<void> {
    if (this.stepping) await this.engine.request({ type: 'pause' });
  }

  /** What frames show: the selected VM and the map windows, their cells held to the frame budget. */
  async setView(view: WorkerView): Promise<void> {
    await this.engine.setView({
      selectedVm: view.selectedVm,
      hostMap: { ...view.hostMap, cells: Math.min(view.hostMap.cells, maxHostMapCells) },
      guestMap: { ...view.guestMap, cells: Math.min(view.guestMap.cells, maxGuestMapCells) },
    });
  }

  ackFrames(credits: number): void {
    this.trace.ackFrames(credits);
  }

  queryLog(filter: LogFilter): LogResult {
    return this.trace.queryLog(filter);
  }

  chartHistory(maxPoints: number): ChartHistory {
    return this.trace.chartHistory(maxPoints);
  }

  startExport(request: ExportRequest): { exportId: string; done: Promise<ExportResult | null> } {
    return this.exports.start(request);
  }

  cancelExport(exportId: string): boolean {
    return this.exports.cancel(exportId);
  }

  get enginePid(): number | undefined {
    return this.engine.currentClient?.pid;
  }

  get frameCredits(): number {
    return this.trace.frameCredits;
  }

  get sampleCount(): number {
    return this.trace.sampleCount;
  }

  sampleAt(index: number): TraceSample {
    return this.trace.sampleAt(index);
  }

  /** Stops frames and exports (before the last autosave at exit). */
  async stopOutput(): Promise<void> {
    this.trace.dispose();
    await this.exports.cancelAll();
  }

  /** Stops the engine process. */
  dispose(): Promise<void> {
    return this.engine.dispose();
  }
}
