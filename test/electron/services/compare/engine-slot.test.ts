import { afterEach, describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../../core/scenario/parse-scenario';
import { EngineSlot } from '../../../../electron/services/compare/engine-slot';
import { forkEngineProcess, type EngineLauncher } from '../../../../electron/services/engine/engine-process';
import type { MainToWorker } from '../../../../electron/worker/worker-protocol';
import { devWorkerPath } from '../../bridge/bridge-harness';

const scenario = parseScenarioOrThrow({
  durationS: 60,
  host: { memoryMiB: 2048, hypervisorMiB: 64 },
  vms: [{ id: 'a', memoryMiB: 1024 }],
});

let slot: EngineSlot | null = null;
afterEach(async () => {
  await slot?.dispose();
  slot = null;
});

describe('EngineSlot', () => {
  it("runs a pinned run without checkpoints (nobody goes back in it; a large host's would take gigabytes)", async () => {
    const sent: MainToWorker[] = [];
    const launch: EngineLauncher = (entryPath, options) => {
      const child = forkEngineProcess(entryPath, options);
      return {
        get pid() {
          return child.pid;
        },
        send: (message) => {
          sent.push(message);
          child.send(message);
        },
        onMessage: (listener) => child.onMessage(listener),
        onExit: (listener) => child.onExit(listener),
        kill: () => child.kill(),
      };
    };
    slot = new EngineSlot({
      transport: 'bridge',
      stateDir: '/nonexistent',
      dataDir: null,
      fileChooser: null,
      appVersion: 'test',
      workerPath: devWorkerPath,
      launchEngine: launch,
    });
    const engine = slot.engine;
    await engine.load(engine.claim(), 'pinned', { scenario, interventions: [], tick: 0 });
    const loads = sent.flatMap((m) => (m.kind === 'request' && m.command.type === 'load' ? [m.command] : []));
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ type: 'load', checkpoints: false });
  });
});
