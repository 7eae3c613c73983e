import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { labEvents, labMethods } from '../../core/lab-api/lab-api-contract';
import { labIpcBridgeKey } from '../../core/lab-api/lab-ipc-bridge';
import { builtFiles, requireBuild } from './built-app';

/**
 * The built preload, loaded the way a sandboxed renderer loads it: a CommonJS script whose
 * `require` knows only 'electron', and whose contextBridge offers only stable API (no
 * executeInMainWorld). Anything else it tried to use would break in Electron.
 */
interface Loaded {
  required: string[];
  exposed: Array<{ key: string; api: Record<string, unknown> }>;
  invoked: string[];
}

function loadBuiltPreload(): Loaded {
  const required: string[] = [];
  const exposed: Loaded['exposed'] = [];
  const invoked: string[] = [];
  const electron = {
    ipcRenderer: {
      invoke: async (channel: string) => {
        invoked.push(channel);
        return channel === 'lab:getState'
          ? {
              ok: false,
              error: { code: 'busy', message: 'running', issues: [{ path: 'speed', message: 'no' }] },
            }
          : { ok: true, result: channel };
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }),
    },
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(builtFiles.preload, 'utf8'), {
    module,
    exports: module.exports,
    require: (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require '${id}'`);
      return electron;
    },
  });
  return { required, exposed, invoked };
}

let loaded: Loaded;

beforeAll(() => {
  requireBuild();
  loaded = loadBuiltPreload();
});

describe('out/preload/index.cjs', () => {
  it('is CommonJS that needs nothing but electron', () => {
    expect(loaded.required).toEqual(['electron']);
    expect(readFileSync(builtFiles.preload, 'utf8')).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('exposes one bridge with exactly the contract, through exposeInMainWorld only', () => {
    expect(loaded.exposed.map((e) => e.key)).toEqual([labIpcBridgeKey]);
    expect(Object.keys(loaded.exposed[0]!.api).sort()).toEqual([...labMethods, 'on'].sort());
    expect(readFileSync(builtFiles.preload, 'utf8')).not.toMatch(/executeInMainWorld|exposeInIsolatedWorld/);
  });

  it('reaches each method over its own channel and hands the page the envelopes as data', async () => {
    const api = loaded.exposed[0]!.api as Record<string, (r: object) => Promise<unknown>>;
    await expect(api.pause!({})).resolves.toEqual({ ok: true, result: 'lab:pause' });
    const refused = await api.getState!({});
    // What the context bridge does to a reply: a structured copy. The code and issues survive it.
    expect(structuredClone(refused)).toEqual({
      ok: false,
      error: { code: 'busy', message: 'running', issues: [{ path: 'speed', message: 'no' }] },
    });
    expect(loaded.invoked).toEqual(['lab:pause', 'lab:getState']);
  });

  it('does not bundle zod or the contract schemas', () => {
    const code = readFileSync(builtFiles.preload, 'utf8');
    expect(code).not.toMatch(/zod|strictObject|labRequestSchemas/);
    for (const event of labEvents) expect(code).toContain(event);
  });
});
