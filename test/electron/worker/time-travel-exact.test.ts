import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import { stateDigest } from '../../../core/engine/state-digest';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { SessionError } from '../../../core/session/session-error';
import { replayEngine } from '../../../core/trace/replay';
import { RunLoop } from '../../../core/trace/run-loop';
import { EngineRunner } from '../../../electron/worker/engine-runner';
import { TimeTravel } from '../../../electron/worker/time-travel';

const scenario = parseScenarioOrThrow({
  seed: 11,
  durationS: 300,
  host: { memoryMiB: 256, hypervisorMiB: 16 },
  vms: [
    { id: 'a', memoryMiB: 128, workload: { kind: 'sine', meanMiB: 90, amplitudeMiB: 40, periodS: 30 } },
    { id: 'b', memoryMiB: 128, workload: { kind: 'steady', demandMiB: 110, activePct: 40 } },
  ],
});
const shares = ['low', 'normal', 'high'] as const;
const recorded: RecordedIntervention[] = [
  { tick: 40, intervention: { vm: 'a', set: { shares: 'high' } } },
  { tick: 90, intervention: { vm: 'b', set: { shares: 'low' } } },
];

/** What a run writes from where `engine` is to `to`: every sample and log line, as the app's trace gets them. */
function trace(engine: Engine, to: number): string {
  const loop = new RunLoop(engine);
  const rows: string[] = [];
  while (engine.tick < to) rows.push(JSON.stringify(loop.advance(to)));
  rows.push(JSON.stringify(engine.drainLog()));
  return rows.join('\n');
}

/** The run as the engine process makes it: tick 0 kept, a checkpoint every 10 ticks, the interventions at their ticks. */
function liveRun(to: number, travel = newTravel()): { travel: TimeTravel; head: Engine } {
  const head = createEngine(scenario);
  travel.checkpoints.take(head);
  for (let t = 10; t <= to; t += 10) {
    for (const r of recorded)
      if (r.tick > t - 10 && r.tick <= t) {
        head.runUntil(r.tick);
        head.apply(r.intervention);
      }
    head.runUntil(t);
    travel.checkpoints.observe(head, 1);
  }
  return { travel, head };
}

function newTravel(): TimeTravel {
  return new TimeTravel(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes: 1e9 });
}

describe('time travel, exactly', () => {
  it('jumping back and forth then returning to the head and running on writes the bytes of a run that never jumped', () => {
    const { travel, head } = liveRun(150);
    // Log lines still pending at the head must come back too.
    head.apply({ vm: 'b', set: { shares: 'high' } });
    const reference = liveRun(150, newTravel()).head;
    reference.apply({ vm: 'b', set: { shares: 'high' } });
    let shown = head;
    for (const tick of [70, 20, 149, 3, 0, 101, 102]) shown = travel.seek(shown, tick);
    const back = travel.returnToHead(shown)!;
    expect(back.tick).toBe(150);
    expect(back.interventions()).toEqual(reference.interventions());
    expect(trace(back, 300)).toBe(trace(reference, 300));
  });

  it('going on from a past tick writes the bytes of a new run with the interventions up to that tick', () => {
    const { travel, head } = liveRun(150);
    const shown = travel.seek(travel.seek(head, 20), 95);
    travel.branch(95);
    shown.apply({ vm: 'a', set: { shares: 'low' } });
    const fresh = replayEngine(scenario, recorded, 95);
    // The lines before the branch were in the trace already.
    fresh.drainLog();
    fresh.apply({ vm: 'a', set: { shares: 'low' } });
    expect(shown.interventions()).toEqual(fresh.interventions());
    expect(trace(shown, 200)).toBe(trace(fresh, 200));
  });

  it('any sequence of runs, interventions, jumps, returns and branches shows every tick as the run was then', () => {
    type Op =
      | { kind: 'run'; ticks: number }
      | { kind: 'apply'; vm: 'a' | 'b'; shares: (typeof shares)[number] }
      | { kind: 'seek'; at: number }
      | { kind: 'head' }
      | { kind: 'branch' };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('run' as const), ticks: fc.integer({ min: 1, max: 40 }) }),
      fc.record({
        kind: fc.constant('apply' as const),
        vm: fc.constantFrom('a' as const, 'b' as const),
        shares: fc.constantFrom(...shares),
      }),
      fc.record({ kind: fc.constant('seek' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.constant({ kind: 'head' as const }),
      fc.constant({ kind: 'branch' as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 10 }), (ops: Op[]) => {
        const travel = newTravel();
        let shown = createEngine(scenario);
        travel.checkpoints.take(shown);
        // The model: the run's interventions and its head tick.
        let run: RecordedIntervention[] = [];
        let headTick = 0;
        for (const o of ops) {
          if (o.kind === 'run' && !travel.viewing) {
            shown.runUntil(shown.tick + o.ticks);
            headTick = shown.tick;
            travel.checkpoints.observe(shown, 1);
          } else if (o.kind === 'apply' && !travel.viewing) {
            const intervention = { vm: o.vm, set: { shares: o.shares } };
            shown.apply(intervention);
            run = [...run, { tick: shown.tick, intervention }];
          } else if (o.kind === 'seek') {
            shown = travel.seek(shown, Math.round(o.at * headTick));
          } else if (o.kind === 'head' && travel.viewing) {
            shown = travel.returnToHead(shown)!;
          } else if (o.kind === 'branch' && travel.viewing) {
            travel.branch(shown.tick);
            headTick = shown.tick;
            run = run.filter((r) => r.tick <= headTick);
          }
          expect(travel.headTick ?? shown.tick).toBe(headTick);
          expect(stateDigest(shown)).toBe(stateDigest(replayEngine(scenario, run, shown.tick)));
        }
        if (travel.viewing) shown = travel.returnToHead(shown)!;
        const reference = replayEngine(scenario, run, headTick);
        reference.drainLog();
        shown.drainLog();
        expect(trace(shown, headTick + 30)).toBe(trace(reference, headTick + 30));
      }),
      { numRuns: 12, seed: 13 },
    );
  });
});

describe('time travel, hostile', () => {
  it('refuses a tick outside the run and leaves everything as it was, at the head and in the past', () => {
    const { travel, head } = liveRun(150);
    const ticks = travel.checkpoints.ticks;
    for (const tick of [151, -1, 1.5, Number.NaN, 1e12])
      expect(() => travel.seek(head, tick)).toThrow(/outside the run so far: choose a tick from 0 to 150/);
    expect(travel.viewing).toBe(false);
    expect(travel.checkpoints.ticks).toEqual(ticks);
    const past = travel.seek(head, 60);
    expect(() => travel.seek(past, 151)).toThrow(/outside the run so far/);
    expect(travel.headTick).toBe(150);
    expect(stateDigest(past)).toBe(stateDigest(replayEngine(scenario, recorded, 60)));
    expect(stateDigest(travel.returnToHead(past)!)).toBe(stateDigest(replayEngine(scenario, recorded, 150)));
  });

  it('a restore that fails half-way through the engine shown loses neither the tick asked for nor the head', () => {
    const { travel, head } = liveRun(150);
    const reference = liveRun(150, newTravel()).head;
    const restore = travel.checkpoints.restore.bind(travel.checkpoints);
    // The checkpoint at 70 is written into the engine, then reported damaged.
    vi.spyOn(travel.checkpoints, 'restore').mockImplementationOnce((checkpoint, s, into) => {
      restore(checkpoint, s, into);
      throw new SessionError('corrupt', 'The checkpoint is damaged: a test says so.');
    });
    const past = travel.seek(head, 75);
    expect(travel.fallbacks).toBe(1);
    expect(travel.checkpoints.ticks).not.toContain(70);
    expect(stateDigest(past)).toBe(stateDigest(replayEngine(scenario, recorded, 75)));
    const back = travel.returnToHead(past)!;
    expect(trace(back, 250)).toBe(trace(reference, 250));
  });

  it('the engine process answers jumps sent while one is under way, or while a step runs, in order', async () => {
    const r = new EngineRunner(() => undefined);
    await r.handle({ type: 'load', epoch: 1, scenario, interventions: recorded, tick: 120, history: false });
    const step = r.handle({ type: 'step', ticks: 30 });
    const replies = await Promise.all([
      step,
      r.handle({ type: 'seek', tick: 50 }),
      r.handle({ type: 'seek', tick: 149 }),
      r.handle({ type: 'head' }),
      r.handle({ type: 'seek', tick: 10 }),
      r.handle({ type: 'seek', tick: 11 }),
    ]);
    expect(replies.map((x) => [x.status.tick, x.status.headTick])).toEqual([
      [150, 150],
      [50, 150],
      [149, 150],
      [150, 150],
      [10, 150],
      [11, 150],
    ]);
    expect((await r.handle({ type: 'digest' })).digest).toBe(
      stateDigest(replayEngine(scenario, recorded, 150)),
    );
    // Saved meanwhile: the head's checkpoint, which opens at the head.
    const { store } = await r.handle({ type: 'checkpoint' });
    expect(store?.tick).toBe(150);
    const reopened = new EngineRunner(() => undefined);
    const loaded = await reopened.handle({
      type: 'load',
      epoch: 2,
      scenario,
      interventions: recorded,
      tick: 150,
      history: false,
      store: store!,
    });
    expect(loaded).toMatchObject({
      fromCheckpoint: true,
      digest: stateDigest(replayEngine(scenario, recorded, 150)),
    });
    await r.handle({ type: 'head' });
    expect((await r.handle({ type: 'digest' })).digest).toBe(loaded.digest);
  });
});
