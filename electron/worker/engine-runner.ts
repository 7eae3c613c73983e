import { createEngine } from '../../core/engine/create-engine';
import type { WorldVersion } from '../../core/engine/world-version';
import { stateDigest } from '../../core/engine/state-digest';
import type { Engine } from '../../core/engine/engine-types';
import type { Intervention } from '../../core/scenario/event-schema';
import { ReplayCursor } from '../../core/trace/replay-cursor';
import { RunLoop } from '../../core/trace/run-loop';
import { CommandError } from './command-error';
import { JobQueue, jobSliceMs } from './job-queue';
import { RunPacer } from './run-pacer';
import { TimeTravel } from './time-travel';
import { CheckpointFiles, versionsUpTo } from './checkpoint-file';
import { GapFiller, type GapRun } from './checkpoint-gaps';
import { collectAboveBytes, fullCollection } from './full-collection';
import { UpdateOutbox } from './update-outbox';
import type { WorkerCommand, WorkerReplyResult, WorkerStatus, WorkerToMain } from './worker-protocol';

export type Send = (message: WorkerToMain, transfer?: ArrayBuffer[]) => void;
type LoadCommand = Extract<WorkerCommand, { type: 'load' }>;

export { CommandError };

const progressIntervalMs = 100;
/** A saved session replays at most this much engine work from its checkpoint when opened. */
const saveReplayMs = 50;
/** Earlier checkpoints a saved session keeps, bytes (deflated): for going back in time after opening it. */
const savedEarlierBytes = 4 * 1024 * 1024;
/** Quiet time after a run stops before it settles (see EngineRunner.settle), ms. */
const settleQuietMs = 250;
/** Commands that leave the run and its checkpoints as they are (a gap being filled goes on). */
const keepsGaps: ReadonlySet<WorkerCommand['type']> = new Set([
  'setView',
  'digest',
  'status',
  'seek',
  'head',
  'pause',
]);

/** Commands that move the run on: refused while a past tick is shown. */
const movesRun: ReadonlySet<WorkerCommand['type']> = new Set(['play', 'runToEnd', 'step', 'apply']);

/**
 * Owns the Engine inside the worker: runs it (paced or flat out), samples the trace and
 * reports through the outbox at most 30 updates a second. Maps are computed only for updates
 * the main process asked for with a frame credit, so a slow renderer costs the engine nothing.
 * Loads (replays) and steps are jobs of the {@link JobQueue}: they yield between slices, so a
 * pause, an interrupt or a new load is answered at once however long they are.
 */
export class EngineRunner {
  private engine: Engine | null = null;
  private epoch = 0;
  private loop: RunLoop | null = null;
  private running = false;
  private runningToEnd = false;
  private speed: number | null = 1;
  private lastProgressAt = -Infinity;
  private loopHandle: ReturnType<typeof setTimeout> | null = null;
  private loopImmediate: ReturnType<typeof setImmediate> | null = null;
  private readonly pacer: RunPacer;
  private readonly outbox: UpdateOutbox;
  private readonly jobs: JobQueue;
  /** A load without history is in progress: nothing is reported until it is done. */
  private quietLoad = false;
  /** The run keeps checkpoints as it goes (the load's `checkpoints`). */
  private keepCheckpoints = true;
  private readonly travel: TimeTravel;
  /** Bumped by every interrupt (a new load is one): a load still decompressing its file gives up. */
  private loadTicket = 0;
  /** The blocks of session files written or read, compressed, so a save compresses only what changed. */
  private readonly files = new CheckpointFiles();

  /** The run settles once quiet (see settle). */
  private settleHandle: ReturnType<typeof setTimeout> | null = null;
  /** Fills the gaps between an opened file's checkpoints while the lab waits (checkpoint-gaps.ts). */
  private readonly gaps: GapFiller;
  /** A save is collecting checkpoints (the gaps are not filled meanwhile). */
  private saving = false;

  constructor(
    private readonly send: Send,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.pacer = new RunPacer(now);
    this.travel = new TimeTravel(now);
    this.gaps = new GapFiller(
      this.travel.checkpoints,
      now,
      () => this.gapRun(),
      // All filled: the engine they were replayed in is garbage now, collected before a jump finds it.
      () => {
        if (this.travel.checkpoints.totalBytes >= collectAboveBytes) fullCollection();
      },
    );
    this.outbox = new UpdateOutbox(send, now);
    this.jobs = new JobQueue(
      (command) => this.execute(command),
      now,
      () => {
        if (this.outbox.due) this.flush();
      },
    );
  }

  /** Runs one command; the reply settles when it is done (a job: when its last slice ran). */
  handle(command: WorkerCommand): Promise<WorkerReplyResult> {
    return this.jobs.submit(command);
  }

  private execute(command: WorkerCommand): Promise<WorkerReplyResult> {
    try {
      if (this.travel.viewing && movesRun.has(command.type))
        throw new CommandError(
          'refused',
          'A past moment of the run is shown: go on from it as a branch, or return to the newest state first.',
        );
      // What changes the run or its checkpoints ends the gap being filled (it starts again after).
      if (!keepsGaps.has(command.type)) this.gaps.stop();
      switch (command.type) {
        case 'load':
          return this.load(command);
        case 'step':
          return this.step(command.ticks);
        case 'digest':
          return Promise.resolve({
            status: this.status(),
            digest: this.travel.headDigest ?? stateDigest(this.requireEngine()),
          });
        case 'status':
          return Promise.resolve({ status: this.status() });
        case 'seek':
          return Promise.resolve(this.seek(command.tick));
        case 'head':
          return Promise.resolve(this.seek(this.travel.headTick ?? this.requireEngine().tick));
        case 'branch':
          return Promise.resolve(this.branch());
        case 'checkpoint':
          return this.checkpoint(command.budgetBytes, command.maxTick);
        case 'apply':
          return Promise.resolve(this.apply(command.intervention));
        case 'play':
          this.start(false);
          break;
        case 'runToEnd':
          this.start(true);
          break;
        case 'pause':
          this.jobs.endStep();
          this.stop(false);
          break;
        case 'cancelRun':
          this.jobs.endStep();
          this.stop(this.runningToEnd);
          break;
        case 'interrupt':
          this.interrupt('the engine was interrupted');
          break;
        case 'setSpeed':
          this.speed = command.speed;
          this.pacer.anchor(this.engine?.tick ?? 0);
          break;
        case 'setView':
          this.outbox.setView(command.view);
          break;
      }
      this.flush();
      return Promise.resolve({ status: this.status() });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The main process returned a frame credit: the next update carries maps. */
  wantFrame(): void {
    this.outbox.wantFrame(this.running, () => this.flush());
  }

  /** Checkpoints the run holds (diagnostics, tests). */
  get checkpointCount(): number {
    return this.travel.checkpoints.count;
  }

  status(): WorkerStatus {
    const e = this.engine;
    return {
      epoch: this.epoch,
      tick: e?.tick ?? 0,
      endTick: e?.endTick ?? 0,
      timeS: e?.timeS ?? 0,
      running: this.running,
      speed: this.speed,
      runningToEnd: this.runningToEnd,
      headTick: this.travel.headTick ?? e?.tick ?? 0,
      fillingGaps: this.keepCheckpoints && this.travel.checkpoints.unmeasured,
    };
  }

  private requireEngine(): Engine {
    if (this.engine === null) throw new CommandError('no-engine', 'no scenario loaded');
    return this.engine;
  }

  private flush(): void {
    if (this.engine !== null && !this.quietLoad) this.outbox.flush(this.engine, this.epoch, this.running);
  }

  /**
   * Ends the job in progress (a load leaves no engine behind), refuses the commands waiting
   * for it and stops a run.
   */
  private interrupt(reason: string): void {
    this.loadTicket++;
    if (this.jobs.cancel(reason)) {
      this.engine = null;
      this.loop = null;
      this.quietLoad = false;
    }
    this.stop(false);
  }

  /**
   * A new engine replayed to `command.tick` in slices (see core/trace/replay-cursor.ts). The
   * packs of a session file's newest checkpoint are decompressed first, side by side off the
   * engine's thread; a new load or an interrupt meanwhile cancels this one.
   */
  private async load(command: LoadCommand): Promise<WorkerReplyResult> {
    this.interrupt('a new load replaced it');
    // The run replaced goes first: a large one (gigabytes of checkpoints) collected now costs
    // one full collection, where left to the allocations of the new one (its arrays, a file's
    // packs) it set off many, and both were held at once.
    const large = this.travel.checkpoints.totalBytes >= collectAboveBytes;
    this.travel.reset();
    this.files.reset();
    this.engine = null;
    this.loop = null;
    if (large) fullCollection();
    if (command.store !== undefined) {
      const ticket = this.loadTicket;
      await this.files.prepare(command.store);
      if (ticket !== this.loadTicket) throw new CommandError('cancelled', 'a new load replaced it');
    }
    this.epoch = command.epoch;
    this.outbox.reset(command.scenario.vms.length);
    const { engine, cursor, fromCheckpoint } = this.startOfLoad(command);
    this.keepCheckpoints = command.checkpoints !== false;
    // Tick 0 as a checkpoint: a jump before the first one then needs no second engine.
    if (!fromCheckpoint && this.keepCheckpoints) this.travel.checkpoints.take(engine);
    this.engine = engine;
    this.loop = new RunLoop(engine);
    // With history the samples and lines on the way are reported; without, the main process
    // already holds them up to `tick` and hears nothing until the engine is there.
    const history = command.history;
    this.quietLoad = !history;
    return this.jobs.start({
      kind: 'load',
      slice: (deadline) => {
        const advance = (tick: number): void =>
          history ? this.advanceTo(tick, deadline) : this.skipTo(tick, deadline);
        while (!cursor.step(advance)) if (this.now() >= deadline) return false;
        return true;
      },
      finish: () => {
        this.quietLoad = false;
        if (!history) engine.drainLog();
        this.outbox.markDirty();
        this.flush();
        if (this.keepCheckpoints) this.gaps.later();
        return { status: this.status(), digest: stateDigest(engine), fromCheckpoint };
      },
    });
  }

  /** The engine a load starts from: its checkpoint when one was given and restores, else tick 0. */
  private startOfLoad(command: LoadCommand): {
    engine: Engine;
    cursor: { step(advance: (tick: number) => void): boolean };
    fromCheckpoint: boolean;
  } {
    const parts = command.store;
    if (parts !== undefined && parts.tick <= command.tick) {
      try {
        const engine = this.files.open(parts, this.travel.checkpoints, command.scenario, command.tick);
        return {
          engine,
          cursor: new ReplayCursor(engine, command.interventions, command.tick),
          fromCheckpoint: true,
        };
      } catch {
        // Checkpoints that do not open (damaged, another engine): the run is replayed instead.
        this.travel.checkpoints.clear();
      }
    }
    const given = command.checkpoint;
    if (given !== undefined && given.tick <= command.tick) {
      try {
        const engine = this.travel.checkpoints.openFile(given, command.earlier ?? [], command.scenario);
        const cursor = new ReplayCursor(engine, command.interventions, command.tick);
        return { engine, cursor, fromCheckpoint: true };
      } catch {
        // A checkpoint that does not restore (damaged, another engine): the run is replayed instead.
      }
    }
    const engine = createEngine(command.scenario);
    return {
      engine,
      cursor: new ReplayCursor(engine, command.interventions, command.tick),
      fromCheckpoint: false,
    };
  }

  /**
   * The newest checkpoint at or before the head (taken now when there is none) and earlier ones
   * as a session file keeps them; at or before `maxTick` when the run went on since that tick.
   */
  private async checkpoint(budgetBytes = savedEarlierBytes, maxTick = Infinity): Promise<WorkerReplyResult> {
    const store = this.travel.checkpoints;
    const headTick = this.travel.headTick;
    const engine = this.requireEngine();
    // While a past tick is shown the head is the checkpoint pinned at its tick (time-travel.ts).
    const newest =
      headTick !== null
        ? store.nearest(headTick)!
        : engine.tick <= maxTick
          ? store.newestKept(engine, saveReplayMs)
          : store.nearest(maxTick);
    let version: WorldVersion | null = null;
    try {
      if (newest !== null && (newest.version !== null || newest.lazy !== undefined))
        version = store.versionOf(newest, engine.scenario);
    } catch {
      // One from a file that does not open: a file is saved without it.
    }
    if (version !== null) {
      this.saving = true;
      try {
        const parts = await this.files.save(versionsUpTo(store, newest!.tick, engine.scenario), budgetBytes);
        return { status: this.status(), store: parts };
      } finally {
        this.saving = false;
      }
    }
    // An engine without versions (a test double): the older layout.
    const file = newest?.file ? store.fileAt(newest.tick) : null;
    if (file === null) return { status: this.status() };
    const earlier = store.earlierThan(file.tick, savedEarlierBytes, file.bytes.byteLength);
    return { status: this.status(), checkpoint: file, earlier };
  }

  /** Steps `ticks` ticks in slices; a pause or cancelRun ends it where it is. */
  private step(ticks: number): Promise<WorkerReplyResult> {
    this.stop(false);
    const engine = this.requireEngine();
    const target = Math.min(engine.tick + ticks, engine.endTick);
    return this.jobs.start({
      kind: 'step',
      slice: (deadline) => {
        this.advanceTo(target, deadline);
        return engine.tick >= target;
      },
      finish: () => {
        this.outbox.markDirty();
        this.flush();
        return { status: this.status() };
      },
    });
  }

  private apply(intervention: Intervention): WorkerReplyResult {
    const engine = this.requireEngine();
    const before = engine.interventions().length;
    try {
      engine.apply(intervention);
    } catch (error) {
      throw new CommandError('refused', error instanceof Error ? error.message : String(error));
    }
    const recorded = engine.interventions()[before] ?? { tick: engine.tick, intervention };
    this.outbox.markDirty();
    this.flush();
    return { status: this.status(), recorded };
  }

  /** Shows `tick` of the run (the head at its own tick); see time-travel.ts. */
  private seek(tick: number): WorkerReplyResult {
    const current = this.requireEngine();
    this.stop(false);
    // What the run reported so far goes out before the engine shown changes.
    this.flush();
    const engine = this.travel.seek(current, tick);
    if (engine !== current) {
      this.engine = engine;
      this.loop = new RunLoop(engine);
    }
    this.outbox.markDirty();
    this.flush();
    if (this.keepCheckpoints && !this.running) this.gaps.later();
    return { status: this.status() };
  }

  /** The past tick shown becomes the run. */
  private branch(): WorkerReplyResult {
    const engine = this.requireEngine();
    if (!this.travel.viewing) return { status: this.status(), kept: engine.interventions().length };
    this.travel.branch(engine.tick);
    this.outbox.markDirty();
    this.flush();
    return { status: this.status(), kept: engine.interventions().length };
  }

  private progress(done: boolean, cancelled: boolean): void {
    const engine = this.requireEngine();
    this.send({
      kind: 'progress',
      epoch: this.epoch,
      tick: engine.tick,
      endTick: engine.endTick,
      done,
      cancelled,
    });
  }

  private start(toEnd: boolean): void {
    const engine = this.requireEngine();
    if (engine.tick >= engine.endTick) {
      this.running = false;
      if (toEnd) this.progress(true, false);
      return;
    }
    this.runningToEnd = this.runningToEnd || toEnd;
    this.running = true;
    this.cancelSettle();
    this.pacer.anchor(engine.tick);
    this.outbox.markDirty();
    this.schedule(0);
  }

  private stop(cancelled: boolean): void {
    const wasToEnd = this.runningToEnd;
    if (this.running) this.settleLater();
    this.running = false;
    this.runningToEnd = false;
    this.cancelLoop();
    this.outbox.markDirty();
    if (wasToEnd && cancelled && this.engine !== null) this.progress(true, true);
  }

  private schedule(delayMs: number): void {
    this.cancelLoop();
    // A run that is behind goes on at once (setTimeout waits 1 ms at least: a tenth of a slice);
    // setImmediate still lets the commands that arrived meanwhile in first.
    if (delayMs <= 0) this.loopImmediate = setImmediate(() => this.slice());
    else this.loopHandle = setTimeout(() => this.slice(), delayMs);
  }

  /**
   * The run waits at its head (it ended or was paused): its head is kept as a checkpoint, so that
   * a first jump back pins it without a copy, and with large checkpoints a full garbage
   * collection runs now rather than in the middle of a jump.
   */
  private settle(): void {
    this.cancelSettle();
    const engine = this.engine;
    if (engine === null || this.running || !this.keepCheckpoints || this.jobs.active !== null) return;
    this.gaps.later();
    if (!this.travel.prepare(engine) || this.travel.checkpoints.totalBytes < collectAboveBytes) return;
    fullCollection();
  }

  /** What the gaps are filled for, and whether the engine is busy with something else now; null: nothing to fill for. */
  private gapRun(): { run: GapRun; busy: boolean } | null {
    const engine = this.engine;
    if (engine === null || !this.keepCheckpoints) return null;
    return {
      run: {
        scenario: engine.scenario,
        interventions: this.travel.headInterventions ?? engine.interventions(),
        shownTick: engine.tick,
      },
      busy: this.running || this.saving || this.jobs.active !== null,
    };
  }

  /** Settles once nothing happened for a moment (a pause is answered at once). */
  private settleLater(): void {
    this.cancelSettle();
    this.settleHandle = setTimeout(() => this.settle(), settleQuietMs);
  }

  private cancelSettle(): void {
    if (this.settleHandle !== null) clearTimeout(this.settleHandle);
    this.settleHandle = null;
  }

  private cancelLoop(): void {
    if (this.loopHandle !== null) clearTimeout(this.loopHandle);
    if (this.loopImmediate !== null) clearImmediate(this.loopImmediate);
    this.loopHandle = null;
    this.loopImmediate = null;
  }

  /** One slice of a run: steps for a few milliseconds, then yields so commands get through. */
  private slice(): void {
    this.loopHandle = null;
    this.loopImmediate = null;
    const engine = this.engine;
    if (!this.running || engine === null) return;
    const speed = this.speed ?? 1;
    const flatOut = this.runningToEnd || this.speed === null;
    const target = flatOut
      ? engine.endTick
      : this.pacer.targetTick(speed, engine.scenario.tickMs, engine.endTick, engine.tick);
    this.advanceTo(target, this.now() + jobSliceMs);
    if (engine.tick >= engine.endTick) {
      const toEnd = this.runningToEnd;
      this.running = false;
      this.runningToEnd = false;
      this.settle();
      this.flush();
      if (toEnd) this.progress(true, false);
      return;
    }
    if (this.outbox.due) this.flush();
    if (this.runningToEnd && this.now() - this.lastProgressAt >= progressIntervalMs) {
      this.lastProgressAt = this.now();
      this.progress(false, false);
    }
    const behind = flatOut || engine.tick < target;
    const untilTickMs = this.pacer.msUntilTick(engine.tick + 1, speed, engine.scenario.tickMs);
    // Woken for the next update too, so what was sampled goes out on time (30 a second).
    const untilUpdateMs = this.outbox.owed ? this.outbox.msUntilDue : Infinity;
    this.schedule(behind ? 0 : Math.min(untilTickMs, untilUpdateMs));
  }

  /** Without reporting (a quiet load): steps toward `target` until the wall-clock deadline. */
  private skipTo(target: number, deadline: number): void {
    const engine = this.requireEngine();
    const end = Math.min(target, engine.endTick);
    while (engine.tick < end) {
      const t0 = this.now();
      engine.runUntil(Math.min(end, engine.tick + this.pacer.chunkTicks));
      this.pacer.observeChunk(this.now() - t0);
      if (this.keepCheckpoints) this.travel.checkpoints.observe(engine, this.now() - t0);
      // The main process holds these lines already; keeping them would only grow the log.
      engine.drainLog();
      if (this.now() >= deadline) break;
    }
  }

  /** Steps toward `target`, one sample interval at a time, until the wall-clock deadline. */
  private advanceTo(target: number, deadline: number): void {
    const engine = this.requireEngine();
    const loop = this.loop!;
    const end = Math.min(target, engine.endTick);
    while (engine.tick < end) {
      const t0 = this.now();
      const step = loop.advance(Math.min(end, engine.tick + this.pacer.chunkTicks));
      this.pacer.observeChunk(this.now() - t0);
      if (this.keepCheckpoints) this.travel.checkpoints.observe(engine, this.now() - t0);
      this.outbox.record(step, engine, this.epoch, this.running);
      this.outbox.markDirty();
      if (this.now() >= deadline) break;
    }
  }
}
