import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import { saveWorldVersion } from '../../../core/engine/world-version';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { replayEngine } from '../../../core/trace/replay';
import { GapFiller } from '../../../electron/worker/checkpoint-gaps';
import { CheckpointStore } from '../../../electron/worker/checkpoint-store';

const scenario = parseScenarioOrThrow({
  seed: 11,
  durationS: 240,
  host: { memoryMiB: 512, hypervisorMiB: 16 },
  vms: [
    { id: 'a', memoryMiB: 256, workload: { kind: 'sine', meanMiB: 180, amplitudeMiB: 60, periodS: 40 } },
    { id: 'b', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 200, activePct: 30 } },
  ],
});

/** A clock the filler reads: every look moves it on by `stepMs`, so work and deadlines are deterministic. */
function clock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}

/**
 * A store as an opened session file leaves it: checkpoints at a few ticks of a run with an
 * intervention, no engine work known between them; and the run's interventions.
 */
function openedFile(now: () => number): { store: CheckpointStore; interventions: RecordedIntervention[] } {
  const engine = createEngine(scenario) as SimEngine;
  const store = new CheckpointStore(now, { minWorkMs: 10, costFactor: 0, maxWorkMs: 10, maxBytes: 1e9 });
  const at = [0, 50, 120, 200];
  for (const tick of at) {
    engine.runUntil(tick);
    if (tick === 50) engine.apply({ vm: 'b', set: { shares: 'high' } });
    engine.drainLog();
    store.adopt({ tick, version: saveWorldVersion(engine.world) });
  }
  return { store, interventions: engine.interventions().slice() };
}

describe('filling the gaps between checkpoints', () => {
  it('adds checkpoints between those of an opened file, each the exact state of the run there', () => {
    const now = clock(3);
    const { store, interventions } = openedFile(now);
    expect(store.unmeasured).toBe(true);
    const filler = new GapFiller(store, now);
    const run = { scenario, interventions, shownTick: 200 };
    let slices = 0;
    while (filler.work(run, now() + 20)) slices++;
    // Spread over many slices (the engine answers commands between them), and done.
    expect(slices).toBeGreaterThan(5);
    expect(store.unmeasured).toBe(false);
    expect(store.unmeasuredGaps()).toEqual([]);
    const ticks = store.ticks;
    expect(ticks.length).toBeGreaterThan(10);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    for (const tick of ticks.filter((_, i) => i % 3 === 1)) {
      const restored = store.restore(store.nearest(tick)!, scenario);
      expect(restored.tick).toBe(tick);
      expect(stateDigest(restored), `tick ${tick}`).toBe(
        stateDigest(replayEngine(scenario, interventions, tick)),
      );
    }
  });

  it('fills the gap around the tick shown first, and keeps what it added when stopped', () => {
    const now = clock(3);
    const { store, interventions } = openedFile(now);
    const filler = new GapFiller(store, now);
    filler.work({ scenario, interventions, shownTick: 130 }, now() + 120);
    const added = store.ticks.filter((t) => ![0, 50, 120, 200].includes(t));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((t) => t > 120 && t < 200)).toBe(true);
    filler.stop();
    // Going on after a stop starts from the last checkpoint of the gap, not its beginning.
    while (filler.work({ scenario, interventions, shownTick: 130 }, now() + 30));
    expect(store.ticks.filter((t) => added.includes(t))).toEqual(added);
    expect(store.unmeasured).toBe(false);
  });

  it('keeps the gaps still to fill when memory runs short: thinning takes filled ones first', () => {
    const now = clock(3);
    const { store, interventions } = openedFile(now);
    const filler = new GapFiller(store, now);
    // Only the gap around tick 160 is filled; the store then has to give up a quarter.
    while (store.unmeasuredGaps().some((g) => g.to.tick === 200))
      filler.work({ scenario, interventions, shownTick: 160 }, now() + 30);
    const filled = store.ticks.filter((t) => t > 120 && t < 200).length;
    expect(filled).toBeGreaterThan(1);
    (store as unknown as { thin(): void }).thin();
    expect(store.ticks.filter((t) => [0, 50, 120, 200].includes(t))).toEqual([0, 50, 120, 200]);
    expect(store.ticks.filter((t) => t > 120 && t < 200).length).toBeLessThan(filled);
    expect(store.unmeasuredGaps().map((g) => [g.from.tick, g.to.tick])).toEqual([
      [0, 50],
      [50, 120],
    ]);
  });

  it('leaves a gap whose first checkpoint does not restore, and fills the others', () => {
    const now = clock(3);
    const { store, interventions } = openedFile(now);
    const broken = store.nearest(50)!;
    broken.version = null;
    broken.lazy = () => {
      throw new Error('a damaged checkpoint');
    };
    const filler = new GapFiller(store, now);
    // The damaged one is not built, so its gap is not offered; the others fill.
    while (filler.work({ scenario, interventions, shownTick: 0 }, now() + 50));
    expect(store.ticks.some((t) => t > 0 && t < 50)).toBe(true);
    expect(store.ticks.some((t) => t > 120 && t < 200)).toBe(true);
    expect(store.ticks.some((t) => t > 50 && t < 120)).toBe(false);
  });

  it("waits while the file's earlier checkpoints are still being built, then fills the gaps", () => {
    vi.useFakeTimers();
    try {
      const now = clock(3);
      const { store, interventions } = openedFile(now);
      // Tick 50 still to be built (as right after opening: the background builds come first).
      const pending = store.nearest(50)!;
      const version = pending.version!;
      pending.version = null;
      pending.lazy = () => ({ version, addedBytes: 0 });
      const filled = { count: 0 };
      const filler = new GapFiller(
        store,
        now,
        () => ({ run: { scenario, interventions, shownTick: 200 }, busy: false }),
        () => filled.count++,
      );
      filler.later();
      vi.advanceTimersByTime(2000);
      expect(store.ticks).toEqual([0, 50, 120, 200]);
      store.versionOf(pending, scenario);
      for (let i = 0; i < 2000 && filled.count === 0; i++) vi.advanceTimersByTime(300);
      expect(filled.count).toBe(1);
      expect(store.unmeasured).toBe(false);
      expect(store.ticks.length).toBeGreaterThan(10);
    } finally {
      vi.useRealTimers();
    }
  });
});
