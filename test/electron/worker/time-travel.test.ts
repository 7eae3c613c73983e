import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { encodeCheckpoint } from '../../../core/session/checkpoint-codec';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { replayEngine } from '../../../core/trace/replay';
import { EngineRunner } from '../../../electron/worker/engine-runner';
import { TimeTravel } from '../../../electron/worker/time-travel';

const scenario = parseScenarioOrThrow({
  seed: 5,
  durationS: 300,
  host: { memoryMiB: 256, hypervisorMiB: 16 },
  vms: [
    { id: 'a', memoryMiB: 128, workload: { kind: 'sine', meanMiB: 90, amplitudeMiB: 30, periodS: 50 } },
    { id: 'b', memoryMiB: 128, workload: { kind: 'steady', demandMiB: 100, activePct: 40 } },
  ],
});
const recorded: RecordedIntervention[] = [
  { tick: 40, intervention: { vm: 'a', set: { shares: 'high' } } },
  { tick: 90, intervention: { vm: 'b', set: { shares: 'low' } } },
];
const digestAt = (tick: number): string => stateDigest(replayEngine(scenario, recorded, tick));

function replayInterventionsTo(engine: ReturnType<typeof createEngine>, tick: number): void {
  for (const r of recorded) {
    engine.runUntil(Math.min(r.tick, tick));
    if (r.tick <= tick) engine.apply(r.intervention);
  }
  engine.runUntil(tick);
}

/** A run to tick 150 with a checkpoint at tick 0 (as a load takes) and every 10 ticks (every chunk counts as enough work). */
function liveRun(): { travel: TimeTravel; head: ReturnType<typeof createEngine> } {
  const travel = new TimeTravel(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes: 1e9 });
  const head = createEngine(scenario);
  travel.checkpoints.take(head);
  for (let t = 10; t <= 150; t += 10) {
    head.runUntil(t);
    for (const r of recorded) if (r.tick === t) head.apply(r.intervention);
    travel.checkpoints.observe(head, 1);
  }
  return { travel, head };
}

describe('time travel', () => {
  it('shows any past tick as the run was then, from the nearest checkpoint, and returns to the head untouched', () => {
    const { travel, head } = liveRun();
    const headDigest = stateDigest(head);
    expect(travel.checkpoints.ticks).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150,
    ]);
    const past = travel.seek(head, 75);
    expect(past.tick).toBe(75);
    expect(stateDigest(past)).toBe(digestAt(75));
    // Forward from the tick shown, and back before it.
    expect(stateDigest(travel.seek(past, 128))).toBe(digestAt(128));
    expect(stateDigest(travel.seek(past, 3))).toBe(digestAt(3));
    expect(travel.fallbacks).toBe(0);
    const back = travel.returnToHead(travel.seek(past, 3));
    expect(back?.tick).toBe(150);
    expect(stateDigest(back!)).toBe(headDigest);
    expect(travel.viewing).toBe(false);
    expect(() => travel.seek(back!, 151)).toThrow(
      /Tick 151 is outside the run so far: choose a tick from 0 to 150/,
    );
    expect(() => travel.seek(back!, -1)).toThrow(/outside the run/);
  });

  it('keeps the waiting head as a checkpoint, which the first jump then pins without a copy', () => {
    const { travel, head } = liveRun();
    head.runUntil(155);
    const headDigest = stateDigest(head);
    expect(travel.prepare(head)).toBe(true);
    expect(travel.prepare(head)).toBe(false);
    const prepared = travel.checkpoints.nearest(155)!.version!;
    const past = travel.seek(head, 42);
    expect(stateDigest(past)).toBe(digestAt(42));
    const pinned = travel.checkpoints.nearest(155)!;
    expect(pinned.pinned).toBe(true);
    // Nothing changed since it was prepared: the pinned version shares its block lists.
    expect(pinned.version!.machine.cells.blocks).toBe(prepared.machine.cells.blocks);
    expect(pinned.version!.vms[0]!.pages!.bytes.blocks).toBe(prepared.vms[0]!.pages!.bytes.blocks);
    // Not while a past tick is shown.
    expect(travel.prepare(past)).toBe(false);
    expect(stateDigest(travel.returnToHead(past)!)).toBe(headDigest);
  });

  it('restores the checkpoint before a damaged one from a file, and forgets that one', () => {
    const { travel, head } = liveRun();
    const damaged = new Uint8Array(64).fill(7);
    travel.checkpoints.adopt({ tick: 85, bytes: damaged });
    const headDigest = stateDigest(head);
    const shown = travel.seek(head, 87);
    expect(stateDigest(shown)).toBe(digestAt(87));
    expect(travel.fallbacks).toBe(1);
    expect(travel.checkpoints.ticks).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 150]);
    expect(stateDigest(travel.seek(shown, 86))).toBe(digestAt(86));
    expect(travel.fallbacks).toBe(1);
    // The head was kept aside all along.
    expect(travel.headDigest).toBe(headDigest);
    expect(stateDigest(travel.seek(shown, 150))).toBe(headDigest);
  });

  it("jumps again and again in the head's own page arrays, back and forth, after a branch too", () => {
    const { travel, head } = liveRun();
    const cells = (head as SimEngine).world.machine.cells;
    let shown = travel.seek(head, 44);
    for (const tick of [12, 139, 140, 67, 3, 101]) {
      shown = travel.seek(shown, tick);
      expect(stateDigest(shown), `tick ${tick}`).toBe(digestAt(tick));
      expect((shown as SimEngine).world.machine.cells).toBe(cells);
    }
    const back = travel.seek(shown, 150);
    expect(stateDigest(back)).toBe(digestAt(150));
    expect((back as SimEngine).world.machine.cells).toBe(cells);
    const again = travel.seek(back, 33);
    expect(stateDigest(again)).toBe(digestAt(33));
    expect(travel.headDigest).toBe(digestAt(150));
    const branchAt = travel.seek(again, 95);
    travel.branch(95);
    const kept = recorded.filter((r) => r.tick <= 95);
    branchAt.runUntil(120);
    travel.checkpoints.observe(branchAt, 1);
    const past = travel.seek(branchAt, 104);
    expect(stateDigest(past)).toBe(stateDigest(replayEngine(scenario, kept, 104)));
    expect(stateDigest(travel.seek(past, 120))).toBe(stateDigest(replayEngine(scenario, kept, 120)));
  });

  it('a jump that replays a long stretch leaves checkpoints on its way, keeping the later ones', () => {
    let clock = 0;
    const travel = new TimeTravel(() => (clock += 1), { minWorkMs: 4, costFactor: 0, maxBytes: 1e9 });
    const head = createEngine(scenario);
    replayInterventionsTo(head, 150);
    travel.checkpoints.take(head);
    expect(travel.checkpoints.ticks).toEqual([150]);
    const shown = travel.seek(head, 120);
    expect(stateDigest(shown)).toBe(digestAt(120));
    const ticks = travel.checkpoints.ticks;
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.at(-1)).toBe(150);
    expect(ticks.every((t, i) => i === 0 || t > ticks[i - 1]!)).toBe(true);
    // Going back there now restores one of them.
    expect(stateDigest(travel.seek(shown, 61))).toBe(digestAt(61));
    expect(travel.fallbacks).toBe(0);
  });

  it('after opening a session file with only its newest checkpoint, tick 0 is built once and the engine stays one', () => {
    const file = deflateRawSync(encodeCheckpoint(replayEngine(scenario, recorded, 120).snapshot()));
    const travel = new TimeTravel(() => 0, { minWorkMs: 1e9, costFactor: 0, maxBytes: 1e9 });
    const opened = travel.checkpoints.openFile({ tick: 120, bytes: file }, [], scenario);
    const cells = (opened as SimEngine).world.machine.cells;
    const past = travel.seek(opened, 30);
    expect(stateDigest(past)).toBe(digestAt(30));
    expect((past as SimEngine).world.machine.cells).toBe(cells);
    expect(travel.checkpoints.ticks).toEqual([0, 120]);
    expect(travel.fallbacks).toBe(0);
    const back = travel.returnToHead(past)!;
    expect(stateDigest(back)).toBe(digestAt(120));
    expect((back as SimEngine).world.machine.cells).toBe(cells);
  });

  it('a branch keeps the past tick and drops the head and the later checkpoints', () => {
    const { travel, head } = liveRun();
    const past = travel.seek(head, 65);
    travel.branch(65);
    expect(travel.viewing).toBe(false);
    expect(travel.checkpoints.ticks).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(past.interventions()).toEqual([recorded[0]]);
    past.runUntil(150);
    expect(stateDigest(past)).toBe(stateDigest(replayEngine(scenario, [recorded[0]!], 150)));
  });

  it('the engine runner refuses to run while a past tick is shown and reports the head tick', async () => {
    const r = new EngineRunner(() => undefined);
    await r.handle({ type: 'load', epoch: 1, scenario, interventions: recorded, tick: 120, history: false });
    const seek = await r.handle({ type: 'seek', tick: 50 });
    expect(seek.status).toMatchObject({ tick: 50, headTick: 120 });
    await expect(r.handle({ type: 'play' })).rejects.toThrow(/past moment of the run is shown/);
    expect((await r.handle({ type: 'digest' })).digest).toBe(digestAt(120));
    expect((await r.handle({ type: 'head' })).status).toMatchObject({ tick: 120, headTick: 120 });
    await r.handle({ type: 'seek', tick: 60 });
    const branch = await r.handle({ type: 'branch' });
    expect(branch).toMatchObject({ status: { tick: 60, headTick: 60 }, kept: 1 });
    await expect(r.handle({ type: 'seek', tick: 61 })).rejects.toThrow(/outside the run so far/);
  });

  it('a load starts from given checkpoints, and from tick 0 when they are damaged', async () => {
    const source = new EngineRunner(() => undefined);
    await source.handle({
      type: 'load',
      epoch: 1,
      scenario,
      interventions: recorded,
      tick: 70,
      history: false,
    });
    const { store } = await source.handle({ type: 'checkpoint' });
    expect(store?.tick).toBeLessThanOrEqual(70);
    // Files of earlier versions hold one whole checkpoint instead.
    const old = replayEngine(scenario, recorded, 60);
    const oldBytes = deflateRawSync(encodeCheckpoint(old.snapshot()));
    for (const [from, fromCheckpoint] of [
      [{ store: store! }, true],
      [{ store: { ...store!, index: store!.index.slice(0, 100) } }, false],
      [{ checkpoint: { tick: 60, bytes: oldBytes } }, true],
      [{ checkpoint: { tick: 60, bytes: oldBytes.slice(0, 100) } }, false],
    ] as const) {
      const r = new EngineRunner(() => undefined);
      const loaded = await r.handle({
        type: 'load',
        epoch: 1,
        scenario,
        interventions: recorded,
        tick: 130,
        history: false,
        ...from,
      });
      expect(loaded).toMatchObject({ digest: digestAt(130), fromCheckpoint });
    }
  });
});
