import { readFileSync } from 'node:fs';
import { createContext, runInContext, runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { labEvents, labMethods } from '../../core/lab-api/lab-api-contract';
import { builtFiles, requireBuild } from './built-app';

/**
 * The built preload, loaded the way a sandboxed renderer loads it: a CommonJS script whose
 * `require` knows only 'electron'. Anything else it tried to load would break in Electron.
 */
interface Loaded {
  required: string[];
  invoked: string[];
  mainWorld: Record<string, unknown>;
  api: Record<string, unknown>;
}

function loadBuiltPreload(): Loaded {
  const required: string[] = [];
  const invoked: string[] = [];
  const mainWorld = createContext({}) as Record<string, unknown>;
  const electron = {
    ipcRenderer: {
      invoke: async (channel: string) => {
        invoked.push(channel);
        return channel === 'lab:getState'
          ? { ok: false, error: { code: 'busy', message: 'running' } }
          : { ok: true, result: channel };
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
    contextBridge: {
      executeInMainWorld: ({ func, args }: { func: (...a: unknown[]) => unknown; args: unknown[] }) =>
        (runInContext(`(${func.toString()})`, mainWorld) as (...a: unknown[]) => unknown)(...args),
      exposeInMainWorld: (key: string) => required.push(`exposeInMainWorld:${key}`),
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
  return { required, invoked, mainWorld, api: mainWorld.balloonLab as Record<string, unknown> };
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

  it('installs window.balloonLab with exactly the contract', () => {
    expect(Object.keys(loaded.mainWorld)).toEqual(['balloonLab']);
    expect(Object.keys(loaded.api).sort()).toEqual([...labMethods, 'on'].sort());
  });

  it('reaches each method over its own channel and turns error envelopes into LabErrors', async () => {
    await expect((loaded.api.pause as (r: object) => Promise<unknown>)({})).resolves.toBe('lab:pause');
    await expect((loaded.api.getState as (r: object) => Promise<unknown>)({})).rejects.toMatchObject({
      name: 'LabError',
      code: 'busy',
    });
    expect(loaded.invoked).toEqual(['lab:pause', 'lab:getState']);
  });

  it('does not bundle zod or the contract schemas', () => {
    const code = readFileSync(builtFiles.preload, 'utf8');
    expect(code).not.toMatch(/zod|strictObject|labRequestSchemas/);
    for (const event of labEvents) expect(code).toContain(event);
  });
});
