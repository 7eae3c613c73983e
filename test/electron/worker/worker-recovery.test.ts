import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent, LabEvents } from '../../../core/lab-api/lab-api-contract';
import { createLabHandlers, presetScenario, type LabHandlers } from '../../../electron/services/lab-handlers';
import { LabFiles } from '../../../electron/services/lab-files';
import { LabRuntime } from '../../../electron/services/lab-runtime';
import { devWorkerPath } from '../bridge/bridge-harness';

interface Lab {
  rt: LabRuntime;
  api: LabHandlers;
  events: { event: LabEvent; payload: unknown }[];
  close(): Promise<void>;
}

async function startLab(): Promise<Lab> {
  const root = await mkdtemp(join(tmpdir(), 'bl-worker-'));
  const rt = new LabRuntime(
    {
      transport: 'bridge',
      stateDir: join(root, 'state'),
      dataDir: join(root, 'data'),
      fileChooser: null,
      appVersion: 'test',
      workerPath: devWorkerPath,
    },
    () => presetScenario('basics'),
  );
  const events: { event: LabEvent; payload: unknown }[] = [];
  rt.events.subscribe((event, payload) => events.push({ event, payload }));
  await rt.ready;
  return {
    rt,
    api: createLabHandlers(rt, new LabFiles(rt)),
    events,
    async close() {
      await rt.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function waitFor<E extends LabEvent>(lab: Lab, event: E, timeoutMs = 30_000): Promise<LabEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), timeoutMs);
    const off = lab.rt.events.subscribe((name: LabEvent, payload: unknown) => {
      if (name !== event) return;
      clearTimeout(timer);
      off();
      resolve(payload as LabEvents[E]);
    });
  });
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.map((l) => l.close()));
  labs = [];
});

describe('engine worker death', () => {
  it('restarts the worker, replays the session to the last tick and loses nothing', async () => {
    const lab = await startLab();
    const reference = await startLab();
    labs = [lab, reference];
    await lab.api.step({ ticks: 100 });
    await lab.api.applyIntervention({ intervention: { vm: 'app1', set: { balloonDriver: 'absent' } } });
    await lab.api.step({ ticks: 50 });
    const before = await lab.api.getState({});
    const oldThread = lab.rt.engine.currentClient!.threadId;

    const restarted = waitFor(lab, 'engineRestarted');
    await lab.rt.engine.currentClient!.kill('test: worker killed');
    expect(await restarted).toEqual({ reason: 'test: worker killed', tick: 150 });
    expect(lab.rt.engine.currentClient!.threadId).not.toBe(oldThread);

    const after = await lab.api.getState({});
    expect(after.tick).toBe(150);
    expect(after.running).toBe(false);
    expect(after.interventions).toEqual(before.interventions);
    expect(after.host).toEqual(before.host);
    expect(after.vms).toEqual(before.vms);

    // Continuing yields exactly the trace of a lab whose worker never died.
    await lab.api.step({ ticks: 50 });
    await reference.api.step({ ticks: 100 });
    await reference.api.applyIntervention({ intervention: { vm: 'app1', set: { balloonDriver: 'absent' } } });
    await reference.api.step({ ticks: 100 });
    const [mine, theirs] = await Promise.all([
      lab.api.getHistory({ maxPoints: 20_000 }),
      reference.api.getHistory({ maxPoints: 20_000 }),
    ]);
    expect(mine.samples).toHaveLength(200);
    expect(mine).toEqual(theirs);
    expect(await lab.api.getLog({ vm: null, offset: 0, limit: 200_000 })).toEqual(
      await reference.api.getLog({ vm: null, offset: 0, limit: 200_000 }),
    );
  });

  it('a worker killed while running comes back paused at the last tick the main thread saw', async () => {
    const lab = await startLab();
    labs = [lab];
    await lab.api.setSpeed({ speed: null });
    await lab.api.play({});
    await until(() => lab.rt.requireSession().tick >= 30);
    const restarted = waitFor(lab, 'engineRestarted');
    await lab.rt.engine.currentClient!.kill('test: crash while running');
    const { tick } = await restarted;
    expect(tick).toBeGreaterThan(0);
    const state = await lab.api.getState({});
    expect(state.tick).toBe(tick);
    expect(state.running).toBe(false);
    expect(lab.rt.history.length).toBe(lab.rt.history.firstIndexFrom(Infinity));
    const lastSample = lab.rt.history.length > 0 ? lab.rt.history.sample(lab.rt.history.length - 1) : null;
    expect(lastSample === null || lastSample.host.tick <= tick).toBe(true);
    expect(lab.events.some((e) => e.event === 'stateChanged')).toBe(true);
  });
});
