import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { LogLine } from '../../../core/model/log-line';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { Scenario, ScenarioInput } from '../../../core/scenario/scenario-schema';
import { RunLoop, type TraceSample } from '../../../core/trace/run-loop';
import { SummaryAccumulator } from '../../../core/trace/summary';

/** A small host under pressure, so counters move and the log has lines. */
function lab(overrides: Partial<ScenarioInput> = {}): Scenario {
  return parseScenarioOrThrow({
    seed: 3,
    durationS: 40,
    host: { memoryMiB: 1024, hypervisorMiB: 64 },
    vms: [
      { id: 'a', memoryMiB: 512, workload: { kind: 'steady', demandMiB: 420, activePct: 60 } },
      {
        id: 'b',
        memoryMiB: 512,
        workload: { kind: 'bursty', baseMiB: 64, burstMiB: 380, meanGapS: 5, burstS: 10 },
      },
    ],
    events: [{ atS: 5, vm: 'b', power: 'off' }],
    ...overrides,
  });
}

interface Collected {
  ticks: number[];
  samples: TraceSample[];
  log: LogLine[];
  summary: SummaryAccumulator | null;
}

/** Runs to the end through the loop, `chunk` ticks per call at most. */
function collect(scenario: Scenario, withSummary: boolean, chunk = Infinity): Collected {
  const engine = createEngine(scenario);
  const summary = withSummary
    ? new SummaryAccumulator({ scenario: scenario.name, seed: scenario.seed, durationS: scenario.durationS })
    : null;
  const loop = new RunLoop(engine, summary);
  const out: Collected = { ticks: [], samples: [], log: engine.drainLog(), summary };
  while (!loop.done) {
    const step = loop.advance(engine.tick + chunk);
    out.log.push(...step.log);
    if (step.sample !== null) {
      out.ticks.push(engine.tick);
      out.samples.push(step.sample);
    }
  }
  return out;
}

const sampleTicks = (overrides: Partial<ScenarioInput>): number[] => collect(lab(overrides), false).ticks;

describe('RunLoop sampling', () => {
  it('samples every tick at every=1 with 1 s ticks, and every 4th tick with 250 ms ticks', () => {
    const range = (n: number, step: number) => Array.from({ length: n }, (_, i) => (i + 1) * step);
    expect(sampleTicks({ durationS: 10, sampleEveryS: 1 })).toEqual(range(10, 1));
    expect(sampleTicks({ durationS: 10, tickMs: 250, sampleEveryS: 1 })).toEqual(range(10, 4));
  });

  it('takes only the final sample when the interval is longer than the run', () => {
    expect(sampleTicks({ durationS: 10, sampleEveryS: 3600 })).toEqual([10]);
  });

  it('adds a final sample when the run does not end on an interval', () => {
    expect(sampleTicks({ durationS: 10, sampleEveryS: 3 })).toEqual([3, 6, 9, 10]);
    expect(sampleTicks({ durationS: 10, sampleEveryS: 5 })).toEqual([5, 10]);
  });

  it('ends on the last whole tick when the duration is not a multiple of the tick', () => {
    // 3 s ticks over 10 s: the run ends at tick 3 (9 s); 6 s crosses 4 s, 9 s crosses 8 s.
    const run = collect(lab({ durationS: 10, tickMs: 3000, sampleEveryS: 4 }), true);
    expect(run.ticks).toEqual([2, 3]);
    expect(run.samples.map((s) => s.host.timeS)).toEqual([6, 9]);
    expect(sampleTicks({ durationS: 10, tickMs: 3000, sampleEveryS: 1 })).toEqual([1, 2, 3]);
  });

  it('stops at the next sample tick before the target, and does nothing for a target behind it', () => {
    const engine = createEngine(lab({ sampleEveryS: 5 }));
    const loop = new RunLoop(engine);
    const first = loop.advance(engine.endTick);
    expect(engine.tick).toBe(5);
    expect(first.sample?.host.tick).toBe(5);
    const short = loop.advance(7);
    expect(engine.tick).toBe(7);
    expect(short.sample).toBeNull();
    expect(loop.advance(3)).toEqual({ log: [], sample: null });
    expect(loop.advance(7).sample).toBeNull();
    expect(engine.tick).toBe(7);
  });
});

describe('RunLoop results', () => {
  it('gives the counters and log of a tick-by-tick run, whether it jumps, steps or goes in chunks', () => {
    const scenario = lab({ sampleEveryS: 3 });
    const reference = createEngine(scenario);
    const log = reference.drainLog();
    const samples: TraceSample[] = [];
    const ticks = [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 40];
    while (reference.tick < reference.endTick) {
      reference.step(1);
      log.push(...reference.drainLog());
      if (ticks.includes(reference.tick))
        samples.push({ host: reference.hostCounters(), vms: reference.vmCounters() });
    }
    expect(log.length).toBeGreaterThan(0);
    for (const run of [collect(scenario, false), collect(scenario, true), collect(scenario, false, 2)]) {
      expect(run.ticks).toEqual(ticks);
      expect(run.samples).toEqual(samples);
      expect(run.log).toEqual(log);
    }
  });

  it('feeds the summary every tick, so it does not depend on the sample interval', () => {
    const scenario = lab();
    const reference = createEngine(scenario);
    const expected = new SummaryAccumulator({ scenario: scenario.name, seed: 3, durationS: 40 });
    while (reference.tick < reference.endTick) {
      reference.step(1);
      expected.add(reference.hostCounters(), reference.vmCounters());
    }
    const want = expected.finish();
    for (const sampleEveryS of [1, 7, 3600]) {
      const run = collect({ ...scenario, sampleEveryS }, true, 5);
      expect(run.summary!.finish()).toEqual(want);
    }
    // Fed only at the samples, the means would differ: the comparison above can fail.
    const sparse = new SummaryAccumulator({ scenario: scenario.name, seed: 3, durationS: 40 });
    for (const s of collect({ ...scenario, sampleEveryS: 7 }, false).samples) sparse.add(s.host, s.vms);
    expect(sparse.finish()).not.toEqual(want);
  });
});
