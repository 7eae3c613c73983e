import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forkEngineProcess, type EngineLauncher } from '../../../../electron/services/engine/engine-process';
import {
  createLabHandlers,
  presetScenario,
  type LabHandlers,
} from '../../../../electron/services/lab/lab-handlers';
import { LabFiles } from '../../../../electron/services/lab/lab-files';
import { LabRuntime } from '../../../../electron/services/lab/lab-runtime';
import { SessionController } from '../../../../electron/services/session/session-controller';
import type { WorkerToMain, WorkerUpdate } from '../../../../electron/worker/worker-protocol';
import { devWorkerPath } from '../../bridge/bridge-harness';

/**
 * The real engine process, with a hand on its messages: the test can deliver its last update a
 * second time, as one of the run being replaced that was still on its way when the lab replaced it.
 */
function replayableEngine(): { launch: EngineLauncher; deliverLastUpdateAgain(): number } {
  let listeners: ((message: WorkerToMain) => void)[] = [];
  let last: WorkerUpdate | null = null;
  const launch: EngineLauncher = (entryPath, options) => {
    const child = forkEngineProcess(entryPath, options);
    listeners = [];
    child.onMessage((message) => {
      if (message.kind === 'update') last = message;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.send(message),
      onMessage: (listener) => {
        listeners.push(listener);
        child.onMessage(listener);
      },
      onExit: (listener) => child.onExit(listener),
      kill: () => child.kill(),
    };
  };
  return {
    launch,
    deliverLastUpdateAgain() {
      if (last === null) throw new Error('the engine sent no update yet');
      const stale = { ...last, samples: null, log: [], maps: null };
      for (const listener of listeners) listener(stale);
      return stale.tick;
    },
  };
}

interface Lab {
  rt: LabRuntime;
  api: LabHandlers;
  engine: ReturnType<typeof replayableEngine>;
  close(): Promise<void>;
}

async function startLab(): Promise<Lab> {
  const root = await mkdtemp(join(tmpdir(), 'bl-stale-'));
  const engine = replayableEngine();
  const rt = new LabRuntime(
    {
      transport: 'bridge',
      stateDir: join(root, 'state'),
      dataDir: join(root, 'data'),
      fileChooser: null,
      appVersion: 'test',
      workerPath: devWorkerPath,
      launchEngine: engine.launch,
    },
    () => presetScenario('basics'),
  );
  await rt.ready;
  return {
    rt,
    api: createLabHandlers(rt, new LabFiles(rt)),
    engine,
    async close() {
      await rt.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

let lab: Lab | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await lab?.close();
  lab = null;
});

// The interleaving of a race seen under load: an update of the run being replaced (a frame the
// renderer asked for, say) arrives after the session was replaced but before its load reached
// the engine. Delivered here at the earliest such moment, so the test does not depend on timing.
describe('an update of the replaced run arriving while a session is replaced', () => {
  it('does not move an opened session to the old run tick', async () => {
    lab = await startLab();
    const { api, engine } = lab;
    await api.step({ ticks: 200 });
    await api.saveSession({ target: 'half', saveAs: false });
    await api.step({ ticks: 200 });
    const open = SessionController.prototype.startFromDocument;
    let staleTick: number | null = null;
    vi.spyOn(SessionController.prototype, 'startFromDocument').mockImplementation(function (
      this: SessionController,
      ...args
    ) {
      open.apply(this, args);
      staleTick = engine.deliverLastUpdateAgain();
    });

    const opened = await api.openSession({ target: 'half' });
    expect(staleTick).toBe(400);
    expect(opened?.tick).toBe(200);
    expect((await api.getState({})).tick).toBe(200);
    expect(opened?.session.dirty).toBe(false);
  });

  it('does not move a new session off tick 0', async () => {
    lab = await startLab();
    const { api, engine } = lab;
    await api.step({ ticks: 300 });
    const startNew = SessionController.prototype.startNew;
    let staleTick: number | null = null;
    vi.spyOn(SessionController.prototype, 'startNew').mockImplementation(function (
      this: SessionController,
      ...args
    ) {
      startNew.apply(this, args);
      staleTick = engine.deliverLastUpdateAgain();
    });

    const fresh = await api.newSession({ presetId: 'basics' });
    expect(staleTick).toBe(300);
    expect(fresh.tick).toBe(0);
    expect(lab.rt.sampleCount).toBe(0);
  });

  it('refuses a change sent in that gap instead of recording it in the new session', async () => {
    lab = await startLab();
    const { api } = lab;
    await api.step({ ticks: 100 });
    const startNew = SessionController.prototype.startNew;
    let change: Promise<unknown> | null = null;
    vi.spyOn(SessionController.prototype, 'startNew').mockImplementation(function (
      this: SessionController,
      ...args
    ) {
      startNew.apply(this, args);
      change = api.applyIntervention({ intervention: { vm: 'app1', power: 'off' } });
      change.catch(() => undefined);
    });

    const fresh = await api.newSession({ presetId: 'basics' });
    await expect(change).rejects.toMatchObject({ code: 'busy' });
    expect(fresh.tick).toBe(0);
    expect((await api.getState({})).interventions).toEqual([]);
  });
});
