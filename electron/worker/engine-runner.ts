import { createEngine, replayEngine } from '../../core/engine/create-engine';
import { stateDigest } from '../../core/engine/state-digest';
import type { Engine } from '../../core/engine/engine-types';
import type { Intervention } from '../../core/scenario/event-schema';
import { RunPacer } from './run-pacer';
import { SampleClock } from './sample-clock';
import { UpdateOutbox } from './update-outbox';
import type { WorkerCommand, WorkerReplyResult, WorkerStatus, WorkerToMain } from './worker-protocol';

export type Send = (message: WorkerToMain, transfer?: ArrayBuffer[]) => void;
type LoadCommand = Extract<WorkerCommand, { type: 'load' }>;

export class CommandError extends Error {
  constructor(
    readonly code: 'refused' | 'no-engine',
    message: string,
  ) {
    super(message);
  }
}

const progressIntervalMs = 100;
/** Wall time one slice of a run may take before the worker looks at its messages again. */
const sliceMs = 10;

/**
 * Owns the Engine inside the worker: runs it (paced or flat out), samples the trace and
 * reports through the outbox at most 30 updates a second. Maps are computed only for updates
 * the main thread asked for with a frame credit, so a slow renderer costs the engine nothing.
 */
export class EngineRunner {
  private engine: Engine | null = null;
  private epoch = 0;
  private clock: SampleClock | null = null;
  private running = false;
  private runningToEnd = false;
  private speed: number | null = 1;
  private lastProgressAt = -Infinity;
  private loopHandle: ReturnType<typeof setTimeout> | null = null;
  private readonly pacer: RunPacer;
  private readonly outbox: UpdateOutbox;

  constructor(
    private readonly send: Send,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.pacer = new RunPacer(now);
    this.outbox = new UpdateOutbox(send, now);
  }

  handle(command: WorkerCommand): WorkerReplyResult {
    switch (command.type) {
      case 'load':
        return this.load(command);
      case 'digest':
        return { status: this.status(), digest: stateDigest(this.requireEngine()) };
      case 'play':
        this.start(false);
        break;
      case 'runToEnd':
        this.start(true);
        break;
      case 'pause':
        this.stop(false);
        break;
      case 'cancelRun':
        this.stop(this.runningToEnd);
        break;
      case 'setSpeed':
        this.speed = command.speed;
        this.pacer.anchor(this.engine?.tick ?? 0);
        break;
      case 'step':
        this.stop(false);
        this.advanceTo(this.requireEngine().tick + command.ticks, Infinity);
        break;
      case 'apply':
        return this.apply(command.intervention);
      case 'setView':
        this.outbox.setView(command.view);
        break;
    }
    this.flush();
    return { status: this.status() };
  }

  /** The main thread returned a frame credit: the next update carries maps. */
  wantFrame(): void {
    this.outbox.wantFrame(this.running, () => this.flush());
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
    };
  }

  private requireEngine(): Engine {
    if (this.engine === null) throw new CommandError('no-engine', 'no scenario loaded');
    return this.engine;
  }

  private flush(): void {
    if (this.engine !== null) this.outbox.flush(this.engine, this.epoch, this.running);
  }

  private load(command: LoadCommand): WorkerReplyResult {
    this.stop(false);
    this.epoch = command.epoch;
    this.outbox.reset(command.scenario.vms.length);
    const engine = command.history
      ? createEngine(command.scenario)
      : replayEngine(command.scenario, command.interventions, command.tick);
    this.engine = engine;
    this.clock = new SampleClock(command.scenario.tickMs, command.scenario.sampleEveryS, engine.endTick);
    if (command.history) {
      // Same result as replayEngine, but the samples and lines on the way are reported.
      const sorted = [...command.interventions].sort((a, b) => a.tick - b.tick);
      for (const entry of sorted) {
        this.advanceTo(entry.tick, Infinity);
        engine.apply(entry.intervention);
      }
      this.advanceTo(command.tick, Infinity);
    } else {
      // The main thread already holds the lines up to `tick`.
      engine.drainLog();
    }
    this.outbox.markDirty();
    this.flush();
    return { status: this.status(), digest: stateDigest(engine) };
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
    this.pacer.anchor(engine.tick);
    this.outbox.markDirty();
    this.schedule(0);
  }

  private stop(cancelled: boolean): void {
    const wasToEnd = this.runningToEnd;
    this.running = false;
    this.runningToEnd = false;
    if (this.loopHandle !== null) clearTimeout(this.loopHandle);
    this.loopHandle = null;
    this.outbox.markDirty();
    if (wasToEnd && cancelled && this.engine !== null) this.progress(true, true);
  }

  private schedule(delayMs: number): void {
    if (this.loopHandle !== null) clearTimeout(this.loopHandle);
    this.loopHandle = setTimeout(() => this.slice(), delayMs);
  }

  /** One slice of a run: steps for a few milliseconds, then yields so commands get through. */
  private slice(): void {
    this.loopHandle = null;
    const engine = this.engine;
    if (!this.running || engine === null) return;
    const speed = this.speed ?? 1;
    const flatOut = this.runningToEnd || this.speed === null;
    const target = flatOut
      ? engine.endTick
      : this.pacer.targetTick(speed, engine.scenario.tickMs, engine.endTick);
    this.advanceTo(target, this.now() + sliceMs);
    if (engine.tick >= engine.endTick) {
      const toEnd = this.runningToEnd;
      this.running = false;
      this.runningToEnd = false;
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
    this.schedule(behind ? 0 : this.pacer.msUntilTick(engine.tick + 1, speed, engine.scenario.tickMs));
  }

  /** Steps toward `target`, one sample interval at a time, until the wall-clock deadline. */
  private advanceTo(target: number, deadline: number): void {
    const engine = this.requireEngine();
    const clock = this.clock!;
    const end = Math.min(target, engine.endTick);
    while (engine.tick < end) {
      const stop = Math.min(end, clock.nextAfter(engine.tick), engine.tick + this.pacer.chunkTicks);
      const t0 = this.now();
      engine.runUntil(stop);
      this.pacer.observeChunk(this.now() - t0);
      if (clock.isSampleTick(engine.tick)) this.outbox.sample(engine, this.epoch, this.running);
      else this.outbox.collectLog(engine);
      this.outbox.markDirty();
      if (this.now() >= deadline) break;
    }
  }
}
