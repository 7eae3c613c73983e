import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, restoreEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import { stateDigest } from '../../../core/engine/state-digest';
import { parseScenario, parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { replayEngine } from '../../../core/trace/replay';
import { interventionsArb, scenarioArb } from './scenario-arbitraries';

/** Everything observable about a run from now to its end, as one string. */
function trace(engine: Engine, until = engine.endTick): string {
  const out: string[] = [];
  while (engine.tick < until) {
    engine.step();
    out.push(
      JSON.stringify(engine.hostCounters()),
      JSON.stringify(engine.vmCounters()),
      JSON.stringify(engine.drainLog()),
    );
  }
  const map = engine.hostMap({ cells: 64 });
  out.push(JSON.stringify([...map.counts]), JSON.stringify([...map.owner]));
  for (const vm of engine.scenario.vms) {
    const g = engine.guestMap(vm.id, { cells: 32 });
    out.push(JSON.stringify([...g.guestCounts]), JSON.stringify([...g.hvCounts]));
  }
  return out.join('\n');
}

const pressured: Scenario = parseScenarioOrThrow({
  seed: 7,
  durationS: 100,
  host: { memoryMiB: 1024, hypervisorMiB: 64 },
  policy: { samplePeriodS: 10, pageSharing: { scope: 'host', scanTimeMin: 1 } },
  vms: [
    {
      id: 'web',
      memoryMiB: 512,
      guestOs: 'windows',
      kernelMiB: 100,
      workload: { kind: 'sine', meanMiB: 300, amplitudeMiB: 150, periodS: 60 },
    },
    {
      id: 'db',
      memoryMiB: 512,
      reservationMiB: 128,
      workload: { kind: 'steady', demandMiB: 420, activePct: 60 },
    },
    {
      id: 'batch',
      memoryMiB: 384,
      balloonDriver: 'absent',
      workload: { kind: 'bursty', baseMiB: 64, burstMiB: 300, meanGapS: 20, burstS: 15 },
    },
  ],
  events: [{ atS: 50, vm: 'web', set: { workload: { kind: 'idle' } } }],
});

describe('determinism', () => {
  it('gives identical counters, logs and maps for the same scenario and seed', () => {
    expect(trace(createEngine(pressured))).toBe(trace(createEngine(pressured)));
  });

  it('gives a different run for another seed', () => {
    const other = { ...pressured, seed: 8 };
    expect(trace(createEngine(other))).not.toBe(trace(createEngine(pressured)));
  });

  it('continues byte-identically after snapshot and restore at a random tick', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), (at) => {
        const live = createEngine(pressured);
        live.runUntil(at);
        live.drainLog();
        const snapshot = live.snapshot();
        const restored = restoreEngine(snapshot);
        expect(restored.tick).toBe(at);
        expect(stateDigest(restored)).toBe(stateDigest(live));
        // Restoring twice from one snapshot must work too (the snapshot is not aliased).
        const again = restoreEngine(snapshot);
        const a = trace(live);
        expect(trace(restored)).toBe(a);
        expect(trace(again)).toBe(a);
      }),
      { numRuns: 3 },
    );
  });

  it('keeps pending log lines and recorded interventions in a snapshot', () => {
    const live = createEngine(pressured);
    live.runUntil(30);
    live.apply({ vm: 'db', set: { shares: 'high' } });
    const restored = restoreEngine(live.snapshot());
    expect(restored.interventions()).toEqual(live.interventions());
    expect(restored.drainLog()).toEqual(live.drainLog());
  });

  it('replays recorded interventions to the same state as the live engine, for random scenarios', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((input) => {
          const parsed = parseScenario(input);
          const vms = parsed.ok ? parsed.scenario.vms : [];
          return fc.tuple(
            fc.constant(input),
            vms.length > 0 ? interventionsArb(vms, 30) : fc.constant([]),
            fc.integer({ min: 0, max: 29 }),
          );
        }),
        ([input, live, stopAt]) => {
          const parsed = parseScenario(input);
          fc.pre(parsed.ok);
          if (!parsed.ok) return;
          const engine = createEngine(parsed.scenario);
          const ordered = [...live].sort((a, b) => a.tick - b.tick);
          for (const l of ordered) {
            engine.runUntil(l.tick);
            try {
              engine.apply(l.intervention);
            } catch {
              // refused interventions are not recorded and not replayed
            }
          }
          engine.runUntil(Math.max(stopAt, engine.tick));
          const replayed = replayEngine(parsed.scenario, engine.interventions(), engine.tick);
          expect(replayed.tick).toBe(engine.tick);
          expect(stateDigest(replayed)).toBe(stateDigest(engine));
          engine.drainLog();
          replayed.drainLog();
          expect(trace(replayed, Math.min(engine.endTick, engine.tick + 20))).toBe(
            trace(engine, Math.min(engine.endTick, engine.tick + 20)),
          );
        },
      ),
      { numRuns: 12 },
    );
  });

  it('changes the digest when the state changes', () => {
    const e = createEngine(pressured);
    const before = stateDigest(e);
    e.step();
    expect(stateDigest(e)).not.toBe(before);
    expect(stateDigest(e)).toMatch(/^[0-9a-f]{28}$/);
  });
});
