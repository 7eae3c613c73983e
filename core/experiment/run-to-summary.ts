import type { Engine } from '../engine/engine-types';
import { RunLoop } from '../trace/run-loop';
import { SummaryAccumulator, type RunSummary } from '../trace/summary';

/**
 * Runs `engine` to its end and returns only the run's summary (what a sweep keeps when it
 * writes no traces). Fed every tick through the shared RunLoop, so it equals the summary.json
 * of `balloon-lab run` for the same scenario and seed.
 */
export function summarizeRun(engine: Engine): RunSummary {
  const s = engine.scenario;
  const summary = new SummaryAccumulator({ scenario: s.name, seed: s.seed, durationS: s.durationS });
  const loop = new RunLoop(engine, summary);
  while (!loop.done) loop.advance(engine.endTick);
  return summary.finish();
}
