import type { Engine } from '../engine/engine-types';
import type { HostCounters, VmCounters } from '../model/counters';
import type { LogLine } from '../model/log-line';
import { SampleClock } from './sample-clock';
import type { SummaryAccumulator } from './summary';

/** The counters of one sample tick. */
export interface TraceSample {
  host: HostCounters;
  vms: VmCounters[];
}

/** What one {@link RunLoop.advance} did on its way. */
export interface RunAdvance {
  /** Log lines written since the engine's log was last drained, oldest first. */
  log: LogLine[];
  /** The sample of the tick the engine stopped at, or null when that tick is not a sample. */
  sample: TraceSample | null;
}

/**
 * The one way a run moves forward, shared by the headless CLI and the app's engine worker so
 * both write the same rows: steps the engine, stops at every sample tick ({@link SampleClock})
 * to take the sample, drains the log, and, when given a summary, feeds it every tick (so
 * summary.json does not depend on the sample interval). Without a summary it jumps from sample
 * to sample and reads counters only there, which is what keeps a live run cheap.
 */
export class RunLoop {
  readonly clock: SampleClock;

  constructor(
    readonly engine: Engine,
    private readonly summary: SummaryAccumulator | null = null,
  ) {
    this.clock = new SampleClock(engine.scenario.tickMs, engine.scenario.sampleEveryS, engine.endTick);
  }

  /** The engine has reached the end of the run. */
  get done(): boolean {
    return this.engine.tick >= this.engine.endTick;
  }

  /**
   * Advances toward `target` (never past the end), stopping early at the next sample tick;
   * call it again until the engine is there. A target at or behind the engine takes no sample.
   */
  advance(target: number): RunAdvance {
    const engine = this.engine;
    const stop = Math.min(target, this.clock.nextAfter(engine.tick));
    if (stop <= engine.tick) return { log: engine.drainLog(), sample: null };
    let host: HostCounters | null = null;
    let vms: VmCounters[] = [];
    if (this.summary === null) {
      engine.runUntil(stop);
    } else {
      while (engine.tick < stop) {
        engine.step(1);
        host = engine.hostCounters();
        vms = engine.vmCounters();
        this.summary.add(host, vms);
      }
    }
    let sample: TraceSample | null = null;
    if (this.clock.isSampleTick(engine.tick)) {
      sample = host === null ? { host: engine.hostCounters(), vms: engine.vmCounters() } : { host, vms };
    }
    return { log: engine.drainLog(), sample };
  }
}
