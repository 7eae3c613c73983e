import { describe, expect, it } from 'vitest';
import { stateDigest } from '../../../core/engine/state-digest';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { replayEngine } from '../../../core/trace/replay';
import { EngineRunner } from '../../../electron/worker/engine-runner';
import type { WorkerCommand, WorkerToMain, WorkerUpdate } from '../../../electron/worker/worker-protocol';

/** A quiet lab whose every tick is cheap but whose run is long: replays take seconds. */
const longScenario = parseScenarioOrThrow({
  name: 'long',
  durationS: 259_200,
  tickMs: 100,
  host: { memoryMiB: 16_384 },
  vms: [
    { id: 'a', memoryMiB: 2048 },
    { id: 'b', memoryMiB: 2048 },
  ],
});
const shortScenario = parseScenarioOrThrow({
  seed: 3,
  durationS: 600,
  host: { memoryMiB: 2048, hypervisorMiB: 64 },
  vms: [
    { id: 'a', memoryMiB: 1024, workload: { kind: 'steady', demandMiB: 900, activePct: 60 } },
    { id: 'b', memoryMiB: 1024, workload: { kind: 'steady', demandMiB: 700, activePct: 40 } },
  ],
});
const recorded: RecordedIntervention[] = [
  { tick: 40, intervention: { vm: 'a', set: { shares: 'high' } } },
  { tick: 90, intervention: { vm: 'b', power: 'off' } },
];

function runner(): { runner: EngineRunner; sent: WorkerToMain[] } {
  const sent: WorkerToMain[] = [];
  return { runner: new EngineRunner((message) => sent.push(message)), sent };
}

const load = (
  scenario: typeof longScenario,
  tick: number,
  history: boolean,
  epoch = 1,
  interventions: RecordedIntervention[] = [],
): WorkerCommand => ({ type: 'load', epoch, scenario, interventions, tick, history });

const settle = <T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('EngineRunner checkpoints', () => {
  it('keeps checkpoints as the run goes, none when the load says so (a pinned run)', async () => {
    for (const checkpoints of [true, false]) {
      const { runner: r } = runner();
      await r.handle({
        type: 'load',
        epoch: 1,
        scenario: shortScenario,
        interventions: [],
        tick: 0,
        history: true,
        checkpoints,
      });
      await r.handle({ type: 'step', ticks: 300 });
      if (checkpoints) expect(r.checkpointCount).toBeGreaterThan(0);
      else expect(r.checkpointCount).toBe(0);
    }
  });
});

describe('EngineRunner jobs', () => {
  it('a load in slices ends in the state of a one-go replay, with or without history', async () => {
    const whole = stateDigest(replayEngine(shortScenario, recorded, 150));
    for (const history of [true, false]) {
      const { runner: r, sent } = runner();
      const result = await r.handle(load(shortScenario, 150, history, 1, recorded));
      expect(result.status.tick).toBe(150);
      expect(result.digest).toBe(whole);
      const updates = sent.filter((m): m is WorkerUpdate => m.kind === 'update');
      const rows = updates.reduce((n, u) => n + (u.samples?.rows ?? 0), 0);
      // With history every sample on the way is reported; without, only where it ends.
      if (history) expect(rows).toBe(150);
      else expect(updates.every((u) => u.tick === 150 && u.samples === null)).toBe(true);
    }
  });

  it('answers pause and setView at once while a long replay goes on', async () => {
    const { runner: r } = runner();
    const loading = settle(r.handle(load(longScenario, 2_000_000, true)));
    await sleep(200);
    const t0 = performance.now();
    const paused = await r.handle({ type: 'pause' });
    await r.handle({
      type: 'setView',
      view: { selectedVm: 'a', hostMap: { cells: 64 }, guestMap: { cells: 64 } },
    });
    expect(performance.now() - t0).toBeLessThan(100);
    expect(paused.status.tick).toBeGreaterThan(0);
    expect(paused.status.tick).toBeLessThan(2_000_000);
    await r.handle({ type: 'interrupt' });
    expect(await loading).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('a new load ends the replay in progress, which is refused as cancelled', async () => {
    const { runner: r } = runner();
    const first = settle(r.handle(load(longScenario, 2_000_000, true, 1)));
    await sleep(100);
    const t0 = performance.now();
    const second = await r.handle(load(shortScenario, 10, true, 2));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(second.status).toMatchObject({ epoch: 2, tick: 10 });
    expect(await first).toMatchObject({
      ok: false,
      error: { code: 'cancelled', message: 'a new load replaced it' },
    });
  });

  it('an interrupted load leaves no engine; commands waiting for it are refused', async () => {
    const { runner: r } = runner();
    const loading = settle(r.handle(load(longScenario, 2_000_000, false)));
    await sleep(50);
    const waiting = settle(r.handle({ type: 'digest' }));
    await r.handle({ type: 'interrupt' });
    expect(await loading).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await expect(r.handle({ type: 'digest' })).rejects.toMatchObject({ code: 'no-engine' });
  });

  it('a long step ends where it is on pause, and the commands behind it then run in order', async () => {
    const { runner: r } = runner();
    await r.handle(load(longScenario, 0, true));
    const stepping = r.handle({ type: 'step', ticks: 1_000_000 });
    await sleep(100);
    const applied = r.handle({ type: 'apply', intervention: { vm: 'a', set: { shares: 'high' } } });
    const digest = r.handle({ type: 'digest' });
    const t0 = performance.now();
    await r.handle({ type: 'pause' });
    const step = await stepping;
    expect(performance.now() - t0).toBeLessThan(100);
    expect(step.status.tick).toBeGreaterThan(0);
    expect(step.status.tick).toBeLessThan(1_000_000);
    // Applied where the step stopped, then digested after it: the order they were sent in.
    expect((await applied).recorded).toEqual({
      tick: step.status.tick,
      intervention: { vm: 'a', set: { shares: 'high' } },
    });
    expect((await digest).status.tick).toBe(step.status.tick);
  });

  it('answers status at once during a long step, with the tick it has reached', async () => {
    const { runner: r } = runner();
    await r.handle(load(longScenario, 0, true));
    let stepDone = false;
    const stepping = r.handle({ type: 'step', ticks: 1_000_000 }).then((reply) => {
      stepDone = true;
      return reply;
    });
    await sleep(100);
    const status = await r.handle({ type: 'status' });
    expect(stepDone).toBe(false);
    expect(status.status.tick).toBeGreaterThan(0);
    await r.handle({ type: 'pause' });
    expect((await stepping).status.tick).toBeGreaterThanOrEqual(status.status.tick);
  });

  it('a step that is not interrupted takes exactly its ticks', async () => {
    const { runner: r } = runner();
    await r.handle(load(shortScenario, 0, true));
    expect((await r.handle({ type: 'step', ticks: 123 })).status.tick).toBe(123);
    const whole = stateDigest(replayEngine(shortScenario, [], 123));
    expect((await r.handle({ type: 'digest' })).digest).toBe(whole);
  });
});
