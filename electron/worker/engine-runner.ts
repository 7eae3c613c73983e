import { stateDigest } from '../../core/engine/state-digest';
import type { Engine } from '../../core/engine/engine-types';
import type { Intervention } from '../../core/scenario/event-schema';
import { RunLoop } from '../../core/trace/run-loop';
import { appliedIntervention } from './applied-intervention';
import { CommandError } from './command-error';
import { keepsGaps, movesRun } from './command-kinds';
import { JobQueue } from './job-queue';
import { TimeTravel } from './time-travel';
import { CheckpointFiles } from './checkpoint-file';
import { CheckpointSave } from './save-checkpoints';
import { IdleWork } from './idle-work';
import { LoadOpening } from './load-opening';
import { replaySlice, startOfLoad, type LoadCommand } from './load-start';
import { RunDriver } from './run-driver';
import { UpdateOutbox } from './update-outbox';
import type { WorkerCommand, WorkerReplyResult, WorkerStatus, WorkerToMain } from './worker-protocol';

export type Send = (message: WorkerToMain, transfer?: ArrayBuffer[]) => void;

export { CommandError };

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
  /** Steps the engine, plays and runs to the end (run-driver.ts). */
  private readonly run: RunDriver;
  private readonly outbox: UpdateOutbox;
  private readonly jobs: JobQueue;
  /** A load without history is in progress: nothing is reported until it is done. */
  private quietLoad = false;
  /** The run keeps checkpoints as it goes (the load's `checkpoints`). */
  private keepCheckpoints = true;
  private readonly travel: TimeTravel;
  /** Reads and decompresses a load's file; every interrupt makes a load still at it give up. */
  private readonly opening: LoadOpening;
  /** The blocks of session files written or read, compressed, so a save compresses only what changed. */
  private readonly files = new CheckpointFiles();
  /** Answers the checkpoint command (save-checkpoints.ts). */
  private readonly save: CheckpointSave;
  /** Settles the run once quiet and fills an opened file's gaps while the lab waits (idle-work.ts). */
  private readonly idle: IdleWork;

  constructor(
    send: Send,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.travel = new TimeTravel(now);
    this.save = new CheckpointSave(this.travel, this.files);
    this.opening = new LoadOpening(this.travel, this.files, () => this.show(null));
    this.idle = new IdleWork(this.travel, now, () => ({
      engine: this.engine,
      keepCheckpoints: this.keepCheckpoints,
      running: this.run.running,
      saving: this.save.saving,
      jobActive: this.jobs.active !== null,
    }));
    this.outbox = new UpdateOutbox(send, now);
    this.run = new RunDriver(
      {
        engine: () => this.engine,
        requireEngine: () => this.requireEngine(),
        loop: () => this.loop,
        epoch: () => this.epoch,
        keepCheckpoints: () => this.keepCheckpoints,
        flush: () => this.flush(),
      },
      this.travel.checkpoints,
      this.outbox,
      this.idle,
      send,
      now,
    );
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
      if (!keepsGaps.has(command.type)) this.idle.gaps.stop();
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
          this.run.start(this.requireEngine(), false);
          break;
        case 'runToEnd':
          this.run.start(this.requireEngine(), true);
          break;
        case 'pause':
          this.jobs.endStep();
          this.run.stop(false);
          break;
        case 'cancelRun':
          this.jobs.endStep();
          this.run.stop(this.run.runningToEnd);
          break;
        case 'interrupt':
          this.interrupt('the engine was interrupted');
          break;
        case 'setSpeed':
          this.run.setSpeed(command.speed, this.engine?.tick ?? 0);
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
    this.outbox.wantFrame(this.run.running, () => this.flush());
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
      running: this.run.running,
      speed: this.run.speed,
      runningToEnd: this.run.runningToEnd,
      headTick: this.travel.headTick ?? e?.tick ?? 0,
      fillingGaps: this.keepCheckpoints && this.travel.checkpoints.unmeasured,
    };
  }

  private requireEngine(): Engine {
    if (this.engine === null) throw new CommandError('no-engine', 'no scenario loaded');
    return this.engine;
  }

  /** Shows `engine` (null: none), its trace sampled by a loop of its own. */
  private show(engine: Engine | null): void {
    this.engine = engine;
    this.loop = engine === null ? null : new RunLoop(engine);
  }

  private flush(): void {
    if (this.engine !== null && !this.quietLoad) this.outbox.flush(this.engine, this.epoch, this.run.running);
  }

  /**
   * Ends the job in progress (a load leaves no engine behind), refuses the commands waiting
   * for it and stops a run.
   */
  private interrupt(reason: string): void {
    this.opening.interrupt();
    if (this.jobs.cancel(reason)) {
      this.show(null);
      this.quietLoad = false;
    }
    this.run.stop(false);
  }

  /**
   * A new engine replayed to `command.tick` in slices (see core/trace/replay-cursor.ts), once its
   * session file is opened (load-opening.ts); a new load or an interrupt meanwhile cancels this one.
   */
  private load(given: LoadCommand): Promise<WorkerReplyResult> {
    this.interrupt('a new load replaced it');
    return this.opening.open(given, (command) => this.startLoad(command));
  }

  /** The engine of a load opened (load-opening.ts) and the job that replays it. */
  private startLoad(command: LoadCommand): Promise<WorkerReplyResult> {
    this.epoch = command.epoch;
    this.outbox.reset(command.scenario.vms.length);
    const { engine, cursor, fromCheckpoint } = startOfLoad(command, this.files, this.travel.checkpoints);
    this.keepCheckpoints = command.checkpoints !== false;
    // Tick 0 as a checkpoint: a jump before the first one then needs no second engine.
    if (!fromCheckpoint && this.keepCheckpoints) this.travel.checkpoints.take(engine);
    this.show(engine);
    // Without history the main process holds the run up to `tick` already: it hears nothing until then.
    this.quietLoad = !command.history;
    return this.jobs.start({
      kind: 'load',
      slice: replaySlice(cursor, command.history, this.run, this.now),
      finish: () => {
        this.quietLoad = false;
        if (!command.history) engine.drainLog();
        this.outbox.markDirty();
        this.flush();
        this.idle.loaded(this.keepCheckpoints);
        return { status: this.status(), digest: stateDigest(engine), fromCheckpoint };
      },
    });
  }

  /** The checkpoints a session file keeps of the run (see CheckpointSave.collect). */
  private async checkpoint(budgetBytes?: number, maxTick?: number): Promise<WorkerReplyResult> {
    const saved = await this.save.collect(this.requireEngine(), budgetBytes, maxTick);
    return { status: this.status(), ...saved };
  }

  /** Steps `ticks` ticks in slices; a pause or cancelRun ends it where it is. */
  private step(ticks: number): Promise<WorkerReplyResult> {
    this.run.stop(false);
    const engine = this.requireEngine();
    const target = Math.min(engine.tick + ticks, engine.endTick);
    return this.jobs.start({
      kind: 'step',
      slice: (deadline) => {
        this.run.advanceTo(target, deadline);
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
    const recorded = appliedIntervention(this.requireEngine(), intervention);
    this.outbox.markDirty();
    this.flush();
    return { status: this.status(), recorded };
  }

  /** Shows `tick` of the run (the head at its own tick); see time-travel.ts. */
  private seek(tick: number): WorkerReplyResult {
    const current = this.requireEngine();
    this.run.stop(false);
    // What the run reported so far goes out before the engine shown changes.
    this.flush();
    const engine = this.travel.seek(current, tick);
    if (engine !== current) this.show(engine);
    this.outbox.markDirty();
    this.flush();
    if (this.keepCheckpoints && !this.run.running) this.idle.gaps.later();
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
}
