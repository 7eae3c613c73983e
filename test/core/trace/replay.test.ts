import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { stateDigest } from '../../../core/engine/state-digest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { replayEngine, replayInterventions } from '../../../core/trace/replay';
import { RunLoop, type TraceSample } from '../../../core/trace/run-loop';

const scenario = parseScenarioOrThrow({
  seed: 5,
  durationS: 30,
  sampleEveryS: 4,
  host: { memoryMiB: 1024, hypervisorMiB: 64 },
  vms: [
    { id: 'a', memoryMiB: 512, workload: { kind: 'steady', demandMiB: 420, activePct: 60 } },
    { id: 'b', memoryMiB: 512, workload: { kind: 'steady', demandMiB: 380, activePct: 40 } },
  ],
});

/** A live session: interventions made by hand at ticks 6, 6 and 17, stopped at tick 21. */
function liveSession() {
  const engine = createEngine(scenario);
  engine.runUntil(6);
  engine.apply({ vm: 'a', set: { shares: 'high' } });
  engine.apply({ vm: 'a', set: { shares: 'low' } });
  engine.runUntil(17);
  engine.apply({ vm: 'b', power: 'off' });
  engine.runUntil(21);
  return engine;
}

describe('replay', () => {
  it('rebuilds the live engine, applying interventions of one tick in the order recorded', () => {
    const live = liveSession();
    // Handed over with the last first: the replay sorts by tick, keeping the order within one.
    const [high, low, off] = live.interventions();
    const shuffled = [off!, high!, low!];
    const replayed = replayEngine(scenario, shuffled, live.tick);
    expect(replayed.tick).toBe(21);
    expect(replayed.interventions()).toEqual(live.interventions());
    expect(stateDigest(replayed)).toBe(stateDigest(live));
  });

  it('ends in the same state through a run loop, which reports the samples on the way', () => {
    const live = liveSession();
    const engine = createEngine(scenario);
    const loop = new RunLoop(engine);
    const samples: TraceSample[] = [];
    replayInterventions(engine, live.interventions(), live.tick, (tick) => {
      while (engine.tick < tick) {
        const step = loop.advance(tick);
        if (step.sample !== null) samples.push(step.sample);
      }
    });
    expect(stateDigest(engine)).toBe(stateDigest(live));
    expect(samples.map((s) => s.host.tick)).toEqual([4, 8, 12, 16, 20]);
    // The VM powered off at tick 17 shows in the samples after it.
    expect(samples.map((s) => s.vms.find((vm) => vm.id === 'b')!.poweredOn)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('leaves out interventions recorded after the replay tick', () => {
    const live = liveSession();
    const replayed = replayEngine(scenario, live.interventions(), 10);
    expect(replayed.tick).toBe(10);
    expect(replayed.interventions().map((r) => r.tick)).toEqual([6, 6]);
    expect(replayed.vmCounters().find((vm) => vm.id === 'b')!.poweredOn).toBe(true);
  });

  it('refuses an intervention past the end of the run, and an engine past the replay or off its run', () => {
    const late: RecordedIntervention[] = [{ tick: 31, intervention: { vm: 'a', power: 'off' } }];
    expect(() => replayEngine(scenario, late, 40)).toThrow(/tick 31 is past the end of the run \(30\)/);
    const started = createEngine(scenario);
    started.step(6);
    expect(() => replayInterventions(started, [], 5)).toThrow(/at tick 6, past the replay's tick 5/);
    const other = createEngine(scenario);
    other.apply({ vm: 'a', power: 'off' });
    expect(() => replayInterventions(other, [], 5)).toThrow(/intervention 0 is not the run's/);
  });
});
