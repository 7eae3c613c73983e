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
  sampleBytes,
} from './frame-budget';
import type { SampleHistory } from './sample-history';
import type { LogHistory } from './log-history';

export const initialFrameCredits = 4;
export const maxFrameCredits = 8;
/** A renderer that reloaded or lost frames in flight never acks them: one credit comes back after this. */
export const creditRecoveryMs = 2000;
/** How long a frame waits for the maps the worker was asked for before going without them. */
export const mapsWaitMs = 100;

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
  private mapsRequestedAt = 0;
  private lastEmitAt = -Infinity;
  private lastSent: { tick: number; running: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  private sampleBound: { vmKey: string; bytes: number } | null = null;
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
    if (!this.mapsRequested) {
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
      this.sampleCursor < this.deps.history.length
        ? this.boundOf(this.deps.history.sample(this.sampleCursor))
        : 0;
    const firstLineBytes =
      this.logCursor < this.deps.log.length ? logLineBytes(this.deps.log.at(this.logCursor)) : 0;
    // Maps wait a frame when they would leave no room for the backlog to move.
    if (maps !== null && budget - mapBytes < Math.max(firstSampleBytes, firstLineBytes)) maps = null;
    if (maps !== null) budget -= mapBytes;
    const samples = this.takeSamples(budget);
    budget -= samples.bytes;
    const log = this.takeLog(budget);
    if (maps !== null) this.freshMaps = null;
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

  private boundOf(sample: TraceSample): number {
    const vmKey = this.deps.history.vmIdList.join(',');
    if (this.sampleBound === null || this.sampleBound.vmKey !== vmKey)
      this.sampleBound = { vmKey, bytes: sampleBytes(sample) };
    return this.sampleBound.bytes;
  }

  private takeSamples(budget: number): { list: TraceSample[]; bytes: number } {
    const list: TraceSample[] = [];
    let bytes = 0;
    const history = this.deps.history;
    while (this.sampleCursor < history.length) {
      const sample = history.sample(this.sampleCursor);
      const size = this.boundOf(sample) + 1;
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
