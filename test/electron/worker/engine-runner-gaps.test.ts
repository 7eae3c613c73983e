import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../core/engine/engine-types';
import { stateDigest } from '../../../core/engine/state-digest';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { replayEngine } from '../../../core/trace/replay';
import { EngineRunner } from '../../../electron/worker/engine-runner';

const scenario = parseScenarioOrThrow({
  seed: 9,
  durationS: 900,
  host: { memoryMiB: 2048, hypervisorMiB: 64 },
  vms: [
    { id: 'a', memoryMiB: 1024, workload: { kind: 'sine', meanMiB: 700, amplitudeMiB: 250, periodS: 120 } },
    { id: 'b', memoryMiB: 1024, workload: { kind: 'steady', demandMiB: 800, activePct: 50 } },
  ],
});
const recorded: RecordedIntervention[] = [
  { tick: 100, intervention: { vm: 'a', set: { shares: 'high' } } },
  { tick: 400, intervention: { vm: 'b', power: 'off' } },
];
/** The engine shown (the digest command answers with the head's while a past tick is shown). */
const shown = (r: EngineRunner): Engine => (r as unknown as { engine: Engine }).engine;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A session file of the run to tick 600: its checkpoints as the engine saves them. */
async function savedRun(): Promise<NonNullable<Awaited<ReturnType<EngineRunner['handle']>>['store']>> {
  const source = new EngineRunner(() => undefined);
  await source.handle({
    type: 'load',
    epoch: 1,
    scenario,
    interventions: recorded,
    tick: 600,
    history: false,
  });
  const { store } = await source.handle({ type: 'checkpoint' });
  return store!;
}

/** `r` loads that file, its run at tick 600. */
async function openIn(r: EngineRunner): ReturnType<EngineRunner['handle']> {
  return r.handle({
    type: 'load',
    epoch: 2,
    scenario,
    interventions: recorded,
    tick: 600,
    history: false,
    store: await savedRun(),
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('EngineRunner after opening a session file', () => {
  it('fills the gaps between its checkpoints while idle; jumps then land exactly', async () => {
    const r = new EngineRunner(() => undefined);
    const loaded = await openIn(r);
    expect(loaded.fromCheckpoint).toBe(true);
    expect(loaded.status.fillingGaps).toBe(true);
    await until(async () => (await r.handle({ type: 'status' })).status.fillingGaps === false);
    for (const tick of [3, 100, 101, 399, 400, 555]) {
      await r.handle({ type: 'seek', tick });
      expect(stateDigest(shown(r)), `tick ${tick}`).toBe(stateDigest(replayEngine(scenario, recorded, tick)));
    }
    await r.handle({ type: 'head' });
    expect((await r.handle({ type: 'digest' })).digest).toBe(loaded.digest);
  });

  it('lands jumps sent right after opening, before its earlier checkpoints are built, exactly and in order', async () => {
    const r = new EngineRunner(() => undefined);
    await openIn(r);
    // Sent at once: each lands in turn, the first building a checkpoint far back through its chains.
    const [far, near, status] = await Promise.all([
      r.handle({ type: 'seek', tick: 3 }),
      r.handle({ type: 'seek', tick: 250 }),
      r.handle({ type: 'status' }),
    ]);
    expect(far.status.tick).toBe(3);
    expect(near.status.tick).toBe(250);
    // Read-only status is answered at once, whatever waits.
    expect(status.status.headTick).toBe(600);
    expect(stateDigest(shown(r))).toBe(stateDigest(replayEngine(scenario, recorded, 250)));
    await r.handle({ type: 'seek', tick: 3 });
    expect(stateDigest(shown(r))).toBe(stateDigest(replayEngine(scenario, recorded, 3)));
  });

  it('stops filling while the run goes on, and the run is the one it would have been', async () => {
    const r = new EngineRunner(() => undefined);
    await openIn(r);
    await r.handle({ type: 'step', ticks: 60 });
    expect((await r.handle({ type: 'digest' })).digest).toBe(
      stateDigest(replayEngine(scenario, recorded, 660)),
    );
    // A branch from a past tick drops what lies after it, filled or not; the rest still fills.
    await r.handle({ type: 'seek', tick: 300 });
    await r.handle({ type: 'branch' });
    await until(async () => (await r.handle({ type: 'status' })).status.fillingGaps === false);
    await r.handle({ type: 'seek', tick: 150 });
    expect(stateDigest(shown(r))).toBe(stateDigest(replayEngine(scenario, recorded, 150)));
  });
});
