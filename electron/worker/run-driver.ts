import type { Engine } from '../../core/engine/engine-types';
import type { RunLoop } from '../../core/trace/run-loop';
import type { CheckpointStore } from './checkpoint-store';
import type { IdleWork } from './idle-work';
import { jobSliceMs } from './job-queue';
import { RunPacer } from './run-pacer';
import type { UpdateOutbox } from './update-outbox';
import type { WorkerToMain } from './worker-protocol';

const progressIntervalMs = 100;

/** What the driver needs of the runner that owns it: the engine shown and how it reports. */
export interface RunDriverHost {
  /** The engine shown; null before a load (or after one was interrupted). */
  engine(): Engine | null;
  /** The engine shown; refused (CommandError 'no-engine') when there is none. */
  requireEngine(): Engine;
  /** The RunLoop of the engine shown (sampling its trace). */
  loop(): RunLoop | null;
  /** The epoch of the load the engine is of, for the updates and progress reported. */
  epoch(): number;
  /** The run keeps checkpoints as it goes (the load's `checkpoints`). */
  keepCheckpoints(): boolean;
  /** Reports what the run sampled so far (an update through the outbox). */
  flush(): void;
}

/**
 * Moves the engine through its ticks: in chunks the pacer sizes, each measured for the pacer and
 * the checkpoints and reported through the outbox (or, in a quiet load, not), and for a play a
 * slice of a few milliseconds at a time, paced to the wall clock at its speed or flat out to the
 * end, with the commands that arrived in between. A run to the end reports its progress; a run
 * that stops settles once quiet (IdleWork.settle).
 */
export class RunDriver {
  /** A play or a run to the end is going on (set by start and stop only). */
  running = false;
  /** The run goes flat out to the end, reporting progress (set by start and stop only). */
  runningToEnd = false;
  /** Simulated seconds per wall second; null: flat out. */
  speed: number | null = 1;
  private readonly pacer: RunPacer;
  private lastProgressAt = -Infinity;
  private loopHandle: ReturnType<typeof setTimeout> | null = null;
  private loopImmediate: ReturnType<typeof setImmediate> | null = null;

  constructor(
    private readonly host: RunDriverHost,
    private readonly checkpoints: CheckpointStore,
    private readonly outbox: UpdateOutbox,
    private readonly idle: IdleWork,
    private readonly send: (message: WorkerToMain) => void,
    private readonly now: () => number,
  ) {
    this.pacer = new RunPacer(now);
  }

  /** A new speed, paced on from `tick` now. */
  setSpeed(speed: number | null, tick: number): void {
    this.speed = speed;
    this.pacer.anchor(tick);
  }

  /** Plays `engine` (the engine shown), to its end when `toEnd`. */
  start(engine: Engine, toEnd: boolean): void {
    if (engine.tick >= engine.endTick) {
      this.running = false;
      if (toEnd) this.progress(engine, true, false);
      return;
    }
    this.runningToEnd = this.runningToEnd || toEnd;
    this.running = true;
    this.idle.cancelSettle();
    this.pacer.anchor(engine.tick);
    this.outbox.markDirty();
    this.schedule(0);
  }

  /** Stops a play; a run to the end `cancelled` says so in its last progress. */
  stop(cancelled: boolean): void {
    const wasToEnd = this.runningToEnd;
    if (this.running) this.idle.settleLater();
    this.running = false;
    this.runningToEnd = false;
    this.cancelLoop();
    this.outbox.markDirty();
    const engine = this.host.engine();
    if (wasToEnd && cancelled && engine !== null) this.progress(engine, true, true);
  }

  /** Without reporting (a quiet load): steps toward `target` until the wall-clock deadline. */
  skipTo(target: number, deadline: number): void {
    const engine = this.host.requireEngine();
    const end = Math.min(target, engine.endTick);
    while (engine.tick < end) {
      const t0 = this.now();
      engine.runUntil(Math.min(end, engine.tick + this.pacer.chunkTicks));
      this.pacer.observeChunk(this.now() - t0);
      if (this.host.keepCheckpoints()) this.checkpoints.observe(engine, this.now() - t0);
      // The main process holds these lines already; keeping them would only grow the log.
      engine.drainLog();
      if (this.now() >= deadline) break;
    }
  }

  /** Steps toward `target`, one sample interval at a time, until the wall-clock deadline. */
  advanceTo(target: number, deadline: number): void {
    const engine = this.host.requireEngine();
    const loop = this.host.loop()!;
    const end = Math.min(target, engine.endTick);
    while (engine.tick < end) {
      const t0 = this.now();
      const step = loop.advance(Math.min(end, engine.tick + this.pacer.chunkTicks));
      this.pacer.observeChunk(this.now() - t0);
      if (this.host.keepCheckpoints()) this.checkpoints.observe(engine, this.now() - t0);
      this.outbox.record(step, engine, this.host.epoch(), this.running);
      this.outbox.markDirty();
      if (this.now() >= deadline) break;
    }
  }

  private progress(engine: Engine, done: boolean, cancelled: boolean): void {
    this.send({
      kind: 'progress',
      epoch: this.host.epoch(),
      tick: engine.tick,
      endTick: engine.endTick,
      done,
      cancelled,
    });
  }

  private schedule(delayMs: number): void {
    this.cancelLoop();
    // A run that is behind goes on at once (setTimeout waits 1 ms at least: a tenth of a slice);
    // setImmediate still lets the commands that arrived meanwhile in first.
    if (delayMs <= 0) this.loopImmediate = setImmediate(() => this.slice());
    else this.loopHandle = setTimeout(() => this.slice(), delayMs);
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
    const engine = this.host.engine();
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
      this.idle.settle();
      this.host.flush();
      if (toEnd) this.progress(engine, true, false);
      return;
    }
    if (this.outbox.due) this.host.flush();
    if (this.runningToEnd && this.now() - this.lastProgressAt >= progressIntervalMs) {
      this.lastProgressAt = this.now();
      this.progress(engine, false, false);
    }
    const behind = flatOut || engine.tick < target;
    const untilTickMs = this.pacer.msUntilTick(engine.tick + 1, speed, engine.scenario.tickMs);
    // Woken for the next update too, so what was sampled goes out on time (30 a second).
    const untilUpdateMs = this.outbox.owed ? this.outbox.msUntilDue : Infinity;
    this.schedule(behind ? 0 : Math.min(untilTickMs, untilUpdateMs));
  }
}
