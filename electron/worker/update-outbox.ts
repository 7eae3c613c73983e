import type { Engine } from '../../core/engine/engine-types';
import type { LogLine } from '../../core/model/log-line';
import type { RunAdvance } from '../../core/trace/run-loop';
import { SampleBatch } from './sample-layout';
import {
  minUpdateIntervalMs,
  type WorkerToMain,
  type WorkerUpdate,
  type WorkerView,
} from './worker-protocol';

type Send = (message: WorkerToMain, transfer?: ArrayBuffer[]) => void;

/** How early an update may go out before its slot on the grid (the wake-up timer's jitter). */
const dueSlackMs = 4;

const defaultView: WorkerView = { selectedVm: null, hostMap: { cells: 1024 }, guestMap: { cells: 512 } };

/**
 * What the worker owes the main thread since its last update: samples and log lines in full,
 * a flag that counters changed, and whether a frame credit asked for maps. Sends about 30
 * updates a second at most (see {@link due}) unless a command needs its effect reported at once.
 */
export class UpdateOutbox {
  private log: LogLine[] = [];
  private batch = new SampleBatch(0);
  private view: WorkerView = defaultView;
  private frameWanted = false;
  private dirty = false;
  /** The engine changed since the last maps were sent. */
  private mapsDirty = true;
  /** When the next update is due on the 30-a-second grid. */
  private nextDueAt = -Infinity;
  private deferred: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: Send,
    private readonly now: () => number,
  ) {}

  /** A new run: nothing owed from the previous one. */
  reset(vmCount: number): void {
    this.log = [];
    this.batch = new SampleBatch(vmCount);
    this.dirty = true;
  }

  setView(view: WorkerView): void {
    this.view = view;
    this.dirty = true;
  }

  markDirty(): void {
    this.dirty = true;
  }

  /**
   * An update may go out now. Updates are paced on a grid of 30 a second rather than 33 ms
   * after the last one: the run loop wakes when ticks are due (every 17 ms at 60x), so
   * "33 ms since the last" would often wait for the wake after next and send only about 20.
   */
  get due(): boolean {
    return this.now() >= this.nextDueAt - dueSlackMs;
  }

  /** Wall milliseconds until {@link due} (0 when it already is). */
  get msUntilDue(): number {
    return Math.max(0, this.nextDueAt - dueSlackMs - this.now());
  }

  /** Something waits to be sent (samples, lines, changed counters). */
  get owed(): boolean {
    return this.dirty || this.log.length > 0 || this.batch.size > 0;
  }

  /** Takes what the run loop produced on its way: the log lines and, at a sample tick, the sample. */
  record(step: RunAdvance, engine: Engine, epoch: number, running: boolean): void {
    for (const line of step.log) this.log.push(line);
    if (step.sample === null) return;
    this.batch.add(step.sample.host, step.sample.vms);
    this.dirty = true;
    // A long replay or step reports in batches so neither thread's memory balloons.
    if (this.due && this.batch.size >= 256) this.flush(engine, epoch, running);
  }

  /** A frame credit: the next update carries maps. A paused lab keeps it until something changes. */
  wantFrame(running: boolean, flushNow: () => void): void {
    this.frameWanted = true;
    if (running || !(this.mapsDirty || this.dirty) || this.deferred !== null) return;
    const wait = this.msUntilDue;
    this.deferred = setTimeout(() => {
      this.deferred = null;
      flushNow();
    }, wait);
  }

  /** Sends an update if anything changed (samples, lines, counters, or maps wanted). */
  flush(engine: Engine, epoch: number, running: boolean): void {
    if (this.dirty) this.mapsDirty = true;
    const withMaps = this.frameWanted && this.mapsDirty;
    // Lines written outside the run loop (an intervention, a load) go out with this update.
    for (const line of engine.drainLog()) this.log.push(line);
    if (!this.dirty && this.log.length === 0 && this.batch.size === 0 && !withMaps) return;
    const samples = this.batch.take();
    const maps = withMaps ? this.maps(engine) : null;
    if (withMaps) {
      this.frameWanted = false;
      this.mapsDirty = false;
    }
    const log = this.log;
    this.log = [];
    this.dirty = false;
    // On time: the grid moves on by one interval. Late (a long slice, a replay): the next one
    // may come half an interval after this, never sooner, so the average stays at 30 a second.
    const now = this.now();
    this.nextDueAt = Math.max(this.nextDueAt + minUpdateIntervalMs, now + minUpdateIntervalMs / 2);
    const update: WorkerUpdate = {
      kind: 'update',
      epoch,
      tick: engine.tick,
      timeS: engine.timeS,
      running,
      host: engine.hostCounters(),
      vms: engine.vmCounters(),
      samples,
      log,
      maps,
    };
    this.send(update, samples === null ? [] : [samples.data.buffer as ArrayBuffer]);
  }

  private maps(engine: Engine): NonNullable<WorkerUpdate['maps']> {
    const selected = this.view.selectedVm;
    const hasVm = selected !== null && engine.scenario.vms.some((vm) => vm.id === selected);
    return {
      hostMap: engine.hostMap(this.view.hostMap),
      guestMap: hasVm ? engine.guestMap(selected, this.view.guestMap) : null,
    };
  }
}
