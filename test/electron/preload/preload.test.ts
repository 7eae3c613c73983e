import { runInContext, createContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { labEvents, labMethods } from '../../../core/lab-api/lab-api-contract';
import type { LabApi } from '../../../core/lab-api/lab-api-contract';

/**
 * The preload runs against a fake 'electron'. The page's world is a separate V8 context, and
 * the function handed to executeInMainWorld is re-created there from its source text, as
 * Electron does: so a preload that leaked a closure or built errors in the wrong world fails here.
 */
const fake = vi.hoisted(() => {
  type Listener = (event: unknown, payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const state = {
    invoked: [] as Array<{ channel: string; request: unknown }>,
    replies: new Map<string, () => Promise<unknown>>(),
    other: [] as string[],
    mainWorld: null as Record<string, unknown> | null,
    listeners,
    emit(channel: string, payload: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'secret ipc event' }, payload);
    },
  };
  const ipcRenderer = {
    invoke(channel: string, request: unknown) {
      state.invoked.push({ channel, request });
      return state.replies.get(channel)?.() ?? Promise.resolve({ ok: true, result: { channel } });
    },
    on(channel: string, listener: Listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
    },
    send: (channel: string) => void state.other.push(`send:${channel}`),
    sendSync: (channel: string) => void state.other.push(`sendSync:${channel}`),
    postMessage: (channel: string) => void state.other.push(`postMessage:${channel}`),
  };
  return { state, ipcRenderer };
});

vi.mock('electron', () => ({
  ipcRenderer: fake.ipcRenderer,
  contextBridge: {
    exposeInMainWorld: (key: string) => void fake.state.other.push(`exposeInMainWorld:${key}`),
    exposeInIsolatedWorld: (id: number, key: string) =>
      void fake.state.other.push(`exposeInIsolatedWorld:${key}`),
    executeInMainWorld: ({ func, args }: { func: (...a: unknown[]) => unknown; args: unknown[] }) => {
      const world = createContext({});
      fake.state.mainWorld = world as Record<string, unknown>;
      const recreated = runInContext(`(${func.toString()})`, world) as (...a: unknown[]) => unknown;
      return recreated(...args);
    },
  },
}));

let api: LabApi;
let worldError: ErrorConstructor;

beforeAll(async () => {
  await import('../../../electron/preload/index');
  const world = fake.state.mainWorld!;
  api = world.balloonLab as LabApi;
  worldError = runInContext('Error', world as object) as ErrorConstructor;
});

describe('window.balloonLab', () => {
  it('exposes exactly the contract methods and on, and nothing else anywhere', () => {
    expect(Object.keys(api).sort()).toEqual([...labMethods, 'on'].sort());
    expect(Object.keys(fake.state.mainWorld!)).toEqual(['balloonLab']);
    expect(fake.state.other).toEqual([]);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
  });

  it('cannot be replaced or extended by the page', () => {
    expect(Object.isFrozen(api)).toBe(true);
    const descriptor = Object.getOwnPropertyDescriptor(fake.state.mainWorld!, 'balloonLab');
    expect(descriptor).toMatchObject({ writable: false, configurable: false });
  });

  it('invokes lab:<method> for each method and resolves with the result', async () => {
    for (const method of labMethods) {
      const call = api[method] as (request: unknown) => Promise<unknown>;
      await expect(call({ probe: method })).resolves.toEqual({ channel: `lab:${method}` });
    }
    expect(fake.state.invoked.map((i) => i.channel)).toEqual(labMethods.map((m) => `lab:${m}`));
    expect(
      fake.state.invoked.every((i) => (i.request as { probe: string }).probe === i.channel.slice(4)),
    ).toBe(true);
  });

  it("rejects with a page-world Error carrying the envelope's code and issues", async () => {
    fake.state.replies.set('lab:newSession', async () => ({
      ok: false,
      error: {
        code: 'invalid-scenario',
        message: 'Scenario is invalid',
        issues: [{ path: 'vms.0.memoryMiB', message: 'too big' }],
      },
    }));
    const error = await api.newSession({ presetId: 'basics' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(worldError);
    expect(error).toMatchObject({
      name: 'LabError',
      code: 'invalid-scenario',
      message: 'Scenario is invalid',
      issues: [{ path: 'vms.0.memoryMiB', message: 'too big' }],
    });
  });

  it('turns a transport failure or a malformed reply into an internal LabError', async () => {
    fake.state.replies.set('lab:getState', () =>
      Promise.reject(new Error("No handler registered for 'lab:getState'")),
    );
    await expect(api.getState({})).rejects.toMatchObject({
      code: 'internal',
      message: "No handler registered for 'lab:getState'",
    });
    fake.state.replies.set('lab:pause', async () => 'garbage');
    await expect(api.pause({})).rejects.toMatchObject({ name: 'LabError', code: 'internal' });
  });
});

describe('on', () => {
  it('delivers only the payload of lab:event:<name>, until unsubscribed', () => {
    const seen: unknown[] = [];
    const off = api.on('notice', (payload) => seen.push(payload));
    fake.state.emit('lab:event:notice', { level: 'info', message: 'saved' });
    fake.state.emit('lab:event:frame', { seq: 1 });
    off();
    off();
    fake.state.emit('lab:event:notice', { level: 'info', message: 'after' });
    expect(seen).toEqual([{ level: 'info', message: 'saved' }]);
    expect(fake.state.listeners.get('lab:event:notice')?.size).toBe(0);
  });

  it('subscribes to every contract event and refuses anything else', () => {
    for (const event of labEvents) {
      const off = api.on(event, () => undefined);
      expect(fake.state.listeners.get(`lab:event:${event}`)?.size).toBe(1);
      off();
    }
    expect(() => api.on('lab:getState' as never, () => undefined)).toThrow(/Unknown lab event/);
    expect(() => api.on('__proto__' as never, () => undefined)).toThrow(/Unknown lab event/);
    expect(() => api.on('notice', 'not a function' as never)).toThrow(/function/);
    expect([...fake.state.listeners.keys()].every((channel) => channel.startsWith('lab:event:'))).toBe(true);
  });
});
