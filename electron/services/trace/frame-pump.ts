import type { GuestMap, HostMap } from '../../../core/model/memory-maps';
import type { HostCounters, VmCounters } from '../../../core/model/counters';
import type { LogLine } from '../../../core/model/log-line';
import type { Frame, TraceSample } from '../../../core/lab-api/lab-api-contract';
import type { WorkerUpdate } from '../../worker/worker-protocol';
import { minUpdateIntervalMs } from '../../worker/worker-protocol';
import {
  frameFixedBytes,
  guestMapBytes,
  hostMapBytes,
  logLineBytes,
  maxFrameBytes,
  sampleWireBytes,
} from './frame-budget';
import type { SampleHistory } from './sample-history';
import type { LogHistory } from './log-history';

export const initialFrameCredits = 4;
export const maxFrameCredits = 8;
/** A renderer that reloaded or lost frames in flight never acks them: one credit comes back after this. */
export const creditRecoveryMs = 2000;
/** How long a frame waits for the maps the worker was asked for before going without them. */
export const mapsWaitMs = 100;
/** Shortest time between two map requests while running (maps at up to 15 a second). */
export const minMapsIntervalMs = 1000 / 15;
/** Longest time maps give way to a sample backlog (so they still move at 10 a second or more). */
export const mapsYieldMs = 100;

export interface FramePumpDeps {
  history: SampleHistory;
  log: LogHistory;
  /** Grants the worker one frame credit (its next update carries maps). */
  requestMaps(): void;
  emit(frame: Frame): void;
  now?: () => number;
}

interface Latest {
  tick: number;
  timeS: number;
  running: boolean;
  host: HostCounters;
  vms: VmCounters[];
}

/**
 * Turns worker updates into renderer frames: at most 30 a second, only while the renderer
 * holds credits, each at most 256 KiB. Samples and log lines come from the stores behind a
 * cursor, so whatever does not fit spills into the next frame and nothing is copied twice;
 * counters and maps are latest-only.
 */
export class FramePump {
  private credits = initialFrameCredits;
  private suspended = false;
  private seq = 0;
  private sampleCursor = 0;
  private logCursor = 0;
  private latest: Latest | null = null;
  private freshMaps: { hostMap: HostMap | null; guestMap: GuestMap | null } | null = null;
  private mapsRequested = false;
  private mapsRequestedAt = -Infinity;
  private lastEmitAt = -Infinity;
  private lastMapsAt = -Infinity;
  private lastSent: { tick: number; running: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastMeasured: { index: number; history: number; sample: TraceSample; bytes: number } | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: FramePumpDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  get availableCredits(): number {
    return this.credits;
  }

  /**
   * A new run is loading (new session, reset, open): no frames until {@link resume}, so a
   * replayed history does not stream through frames (the renderer reloads it with getHistory).
   */
  restart(): void {
    this.suspended = true;
    this.sampleCursor = 0;
    this.logCursor = 0;
    this.latest = null;
    this.lastMeasured = null;
    this.freshMaps = null;
    this.lastSent = null;
    this.mapsRequested = false;
  }

  /** The load is done: frames carry what comes after the history loaded so far. */
  resume(): void {
    this.suspended = false;
    this.sampleCursor = this.deps.history.length;
    this.logCursor = this.deps.log.length;
    this.pump();
  }

  /** The worker was replaced: its outstanding frame credit died with it. */
  workerReplaced(): void {
    this.mapsRequested = false;
    this.pump();
  }

  onUpdate(update: WorkerUpdate): void {
    this.latest = {
      tick: update.tick,
      timeS: update.timeS,
      running: update.running,
      host: update.host,
      vms: update.vms,
    };
    if (update.maps !== null) {
      this.freshMaps = update.maps;
      this.mapsRequested = false;
    }
    this.pump();
  }

  ack(credits: number): void {
    this.credits = Math.min(maxFrameCredits, this.credits + credits);
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
    this.pump();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.timer = null;
    this.recoveryTimer = null;
  }

  private pump(): void {
    // Every call re-decides from absolute times, so a pending wake-up is simply replaced.
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.suspended) return;
    if (this.credits <= 0) {
      this.armRecovery();
      return;
    }
    const latest = this.latest;
    if (latest === null) return;
    // Maps are asked for once the last ones went out, and while running at most 15 times a
    // second: each costs the engine milliseconds (a 256 GiB host: about 3 ms for both maps),
    // and the bridge and the page about as much again, for a picture that changes gradually.
    if (
      !this.mapsRequested &&
      this.freshMaps === null &&
      (!latest.running || this.now() - this.mapsRequestedAt >= minMapsIntervalMs)
    ) {
      this.mapsRequested = true;
      this.mapsRequestedAt = this.now();
      this.deps.requestMaps();
    }
    const backlog = this.sampleCursor < this.deps.history.length || this.logCursor < this.deps.log.length;
    const changed =
      this.lastSent === null ||
      this.lastSent.tick !== latest.tick ||
      this.lastSent.running !== latest.running;
    if (!backlog && !changed && this.freshMaps === null) return;
    let wait = this.lastEmitAt + minUpdateIntervalMs - this.now();
    // While running, fresh maps are at most one worker update away: wait a little for them.
    if (
      latest.running &&
      this.freshMaps === null &&
      this.mapsRequested &&
      !this.spillOnly(backlog, changed)
    ) {
      wait = Math.max(wait, this.mapsRequestedAt + mapsWaitMs - this.now());
    }
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    this.emit(latest);
  }

  /** Only old samples or lines are left to send (the worker is idle or between updates). */
  private spillOnly(backlog: boolean, changed: boolean): boolean {
    return backlog && !changed;
  }

  private emit(latest: Latest): void {
    let budget = maxFrameBytes - frameFixedBytes(latest.host, latest.vms);
    let maps = this.freshMaps;
    const mapBytes = maps === null ? 8 : hostMapBytes(maps.hostMap) + guestMapBytes(maps.guestMap);
    const firstSampleBytes =
      this.sampleCursor < this.deps.history.length ? this.measuredSample(this.sampleCursor).bytes : 0;
    const firstLineBytes =
      this.logCursor < this.deps.log.length ? logLineBytes(this.deps.log.at(this.logCursor)) : 0;
    // Maps wait a frame when they would leave no room for the backlog to move, and, for at most
    // mapsYieldMs, when the samples waiting would not all fit beside them: the charts keep up
    // with the clock (two samples a frame at 60x on 32 VMs is all that fits beside the maps).
    const waitingSampleBytes = (this.deps.history.length - this.sampleCursor) * (firstSampleBytes + 1);
    if (
      maps !== null &&
      (budget - mapBytes < Math.max(firstSampleBytes, firstLineBytes) ||
        (budget - mapBytes < waitingSampleBytes && this.now() - this.lastMapsAt < mapsYieldMs))
    )
      maps = null;
    if (maps !== null) budget -= mapBytes;
    const samples = this.takeSamples(budget);
    budget -= samples.bytes;
    const log = this.takeLog(budget);
    if (maps !== null) {
      this.freshMaps = null;
      this.lastMapsAt = this.now();
    }
    this.credits--;
    this.lastEmitAt = this.now();
    this.lastSent = { tick: latest.tick, running: latest.running };
    const frame: Frame = {
      seq: ++this.seq,
      tick: latest.tick,
      timeS: latest.timeS,
      running: latest.running,
      host: latest.host,
      vms: latest.vms,
      log,
      samples: samples.list,
      hostMap: maps?.hostMap ?? null,
      guestMap: maps?.guestMap ?? null,
    };
    this.deps.emit(frame);
    this.pump();
  }

  /** Sample `index` of the history and its encoded size, measured once for both uses. */
  private measuredSample(index: number): { sample: TraceSample; bytes: number } {
    const last = this.lastMeasured;
    if (last !== null && last.index === index && last.history === this.deps.history.length) return last;
    const sample = this.deps.history.sample(index);
    const measured = { index, history: this.deps.history.length, sample, bytes: sampleWireBytes(sample) };
    this.lastMeasured = measured;
    return measured;
  }

  private takeSamples(budget: number): { list: TraceSample[]; bytes: number } {
    const list: TraceSample[] = [];
    let bytes = 0;
    const history = this.deps.history;
    while (this.sampleCursor < history.length) {
      const { sample, bytes: sampleSize } = this.measuredSample(this.sampleCursor);
      const size = sampleSize + 1;
      if (bytes + size > budget) break;
      list.push(sample);
      bytes += size;
      this.sampleCursor++;
    }
    return { list, bytes };
  }

  private takeLog(budget: number): LogLine[] {
    const lines: LogLine[] = [];
    let bytes = 0;
    const store = this.deps.log;
    while (this.logCursor < store.length) {
      const line = store.at(this.logCursor);
      const size = logLineBytes(line) + 1;
      if (bytes + size > budget) break;
      lines.push(line);
      bytes += size;
      this.logCursor++;
    }
    return lines;
  }

  private armRecovery(): void {
    if (this.recoveryTimer !== null) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      if (this.credits <= 0) this.ack(1);
    }, creditRecoveryMs);
  }
}
