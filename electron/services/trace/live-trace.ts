import type { ChartHistory, Frame, LogResult, TraceSample } from '../../../core/lab-api/lab-api-contract';
import type { HostCounters, VmCounters } from '../../../core/model/counters';
import type { LogLine } from '../../../core/model/log-line';
import type { PackedSamples } from '../../worker/sample-layout';
import type { WorkerUpdate } from '../../worker/worker-protocol';
import { FramePump } from './frame-pump';
import { LogHistory, type LogFilter } from './log-history';
import { SampleHistory } from './sample-history';

/** The counters of the engine's last update. */
export interface LatestCounters {
  host: HostCounters;
  vms: VmCounters[];
  running: boolean;
}

/**
 * What the main process holds of the current run: every sample and log line the engine
 * reported (for charts, the log view and CSV export), its latest counters, and the frames
 * made from them for the renderer.
 */
export class LiveTrace {
  readonly history = new SampleHistory();
  readonly log = new LogHistory();
  private readonly pump: FramePump;
  private latestCounters: LatestCounters | null = null;

  constructor(deps: { requestMaps(): void; emitFrame(frame: Frame): void }) {
    this.pump = new FramePump({
      history: this.history,
      log: this.log,
      requestMaps: deps.requestMaps,
      emit: deps.emitFrame,
    });
  }

  /** The latest counters, or null until the engine reported on the run being loaded. */
  get latest(): LatestCounters | null {
    return this.latestCounters;
  }

  /** Frame credits the renderer has left. */
  get frameCredits(): number {
    return this.pump.availableCredits;
  }

  /** Forgets the run before a new one loads; frames wait until {@link resumeFrames}. */
  reset(): void {
    this.history.reset();
    this.log.reset();
    this.pump.restart();
    this.latestCounters = null;
  }

  resumeFrames(): void {
    this.pump.resume();
  }

  /**
   * A saved session's trace, in place of a replay's, taken while the engine goes quietly to its
   * tick (frames wait as after {@link reset}): what the engine reported meanwhile is older than
   * the saved trace's end and goes, its counters stay.
   */
  adoptSaved(samples: PackedSamples, lines: readonly LogLine[]): void {
    this.history.reset();
    this.log.reset();
    if (samples.rows > 0) this.history.append(samples);
    this.log.append(lines);
  }

  /** The run goes on from `tick` (at `timeS`) as a branch: what came after it is forgotten. */
  truncateAfter(tick: number, timeS: number): void {
    this.pump.restart();
    this.history.truncateAfter(timeS);
    this.log.truncateAfter(tick);
    this.pump.resume();
  }

  /** A new engine process carries on the same run. */
  engineReplaced(): void {
    this.pump.workerReplaced();
  }

  /** Takes in one engine update; true when it says a run that was going has stopped. */
  take(update: WorkerUpdate): boolean {
    if (update.samples !== null) this.history.append(update.samples);
    if (update.log.length > 0) this.log.append(update.log);
    const wasRunning = this.latestCounters?.running ?? false;
    this.latestCounters = { host: update.host, vms: update.vms, running: update.running };
    this.pump.onUpdate(update);
    return wasRunning && !update.running;
  }

  ackFrames(credits: number): void {
    this.pump.ack(credits);
  }

  queryLog(filter: LogFilter): LogResult {
    return this.log.query(filter);
  }

  chartHistory(maxPoints: number): ChartHistory {
    return this.history.chartHistory(maxPoints);
  }

  get sampleCount(): number {
    return this.history.length;
  }

  sampleAt(index: number): TraceSample {
    return this.history.sample(index);
  }

  dispose(): void {
    this.pump.dispose();
  }
}
