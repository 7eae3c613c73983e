import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { EngineClient, type EngineClientHandlers } from '../../../electron/services/engine/engine-client';
import { devWorkerPath } from '../bridge/bridge-harness';
import { FakeUtilityProcess } from './fake-utility-process';

vi.mock('electron', () => ({ utilityProcess: FakeUtilityProcess }));
const { utilityEngineProcess } = await import('../../../electron/main/utility-engine-process');

const heapHog = fileURLToPath(new URL('../services/engine/crash-children/heap-hog.mjs', import.meta.url));

function handlers(): EngineClientHandlers & { deaths: string[] } {
  const deaths: string[] = [];
  return {
    deaths,
    onUpdate: () => undefined,
    onProgress: () => undefined,
    onDeath: (r) => void deaths.push(r),
  };
}

let clients: EngineClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  clients = [];
  FakeUtilityProcess.forks = [];
});

describe('the engine as an Electron utility process', () => {
  it('is forked with its heap bound and a name, and runs the engine', async () => {
    const h = handlers();
    const client = await EngineClient.start(utilityEngineProcess, devWorkerPath, { maxHeapMiB: 3000 }, h);
    clients.push(client);
    expect(FakeUtilityProcess.forks).toEqual([
      {
        modulePath: devWorkerPath,
        args: [],
        options: {
          execArgv: ['--max-old-space-size=3000'],
          stdio: ['ignore', 'inherit', 'pipe'],
          serviceName: 'Balloon Lab engine',
        },
      },
    ]);
    const scenario = parseScenarioOrThrow({
      durationS: 60,
      host: { memoryMiB: 2048 },
      vms: [{ id: 'a', memoryMiB: 512 }],
    });
    await client.request({ type: 'load', epoch: 1, scenario, interventions: [], tick: 0, history: true });
    expect((await client.request({ type: 'step', ticks: 12 })).status.tick).toBe(12);
    expect(h.deaths).toEqual([]);
  });

  it('reports a death with what V8 wrote to stderr, and the app process goes on', async () => {
    const h = handlers();
    const client = await EngineClient.start(utilityEngineProcess, heapHog, { maxHeapMiB: 64 }, h);
    clients.push(client);
    await expect(client.request({ type: 'digest' })).rejects.toMatchObject({
      code: 'dead',
      message: expect.stringMatching(/^the engine ran out of memory \(FATAL ERROR: .*heap out of memory/),
    });
    expect(h.deaths).toHaveLength(1);
  });

  it('a kill ends it and is reported once, as a crash', async () => {
    const h = handlers();
    const client = await EngineClient.start(utilityEngineProcess, devWorkerPath, { maxHeapMiB: 512 }, h);
    clients.push(client);
    await client.kill('test: killed');
    expect(client.alive).toBe(false);
    expect(h.deaths).toEqual(['test: killed']);
    await expect(client.request({ type: 'digest' })).rejects.toMatchObject({ code: 'dead' });
  });
});
