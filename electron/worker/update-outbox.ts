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

const defaultView: WorkerView = { selectedVm: null, hostMap: { cells: 1024 }, guestMap: { cells: 512 } };

/**
 * What the worker owes the main thread since its last update: samples and log lines in full,
 * a flag that counters changed, and whether a frame credit asked for maps. Sends at most one
 * update per 33 ms unless a command needs its effect reported at once.
 */
export class UpdateOutbox {
  private log: LogLine[] = [];
  private batch = new SampleBatch(0);
  private view: WorkerView = defaultView;
  private frameWanted = false;
  private dirty = false;
  /** The engine changed since the last maps were sent. */
  private mapsDirty = true;
  private lastUpdateAt = -Infinity;
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

  get due(): boolean {
    return this.now() - this.lastUpdateAt >= minUpdateIntervalMs;
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
    const wait = Math.max(0, minUpdateIntervalMs - (this.now() - this.lastUpdateAt));
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
    this.lastUpdateAt = this.now();
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
