import { beforeAll, describe, expect, it, vi } from 'vitest';
import { labEvents, labMethods } from '../../../core/lab-api/lab-api-contract';
import { labIpcBridgeKey } from '../../../core/lab-api/lab-ipc-bridge';
import type { LabIpcBridge } from '../../../core/lab-api/lab-ipc-bridge';

/**
 * The preload runs against a fake 'electron' whose contextBridge has only the stable
 * exposeInMainWorld. What the page gets is what crosses the bridge: a structured copy of each
 * reply, so a preload that handed the page Error objects (losing code and issues) fails here.
 */
const fake = vi.hoisted(() => {
  type Listener = (event: unknown, payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const state = {
    invoked: [] as Array<{ channel: string; request: unknown }>,
    replies: new Map<string, () => Promise<unknown>>(),
    other: [] as string[],
    exposed: [] as Array<{ key: string; api: unknown }>,
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
    exposeInMainWorld: (key: string, api: unknown) => void fake.state.exposed.push({ key, api }),
    exposeInIsolatedWorld: (id: number, key: string) =>
      void fake.state.other.push(`exposeInIsolatedWorld:${key}`),
  },
}));

/** The page's view of one bridge function: the reply arrives as a structured copy. */
const acrossBridge =
  (fn: (request: unknown) => Promise<unknown>) =>
  async (request: unknown): Promise<unknown> =>
    structuredClone(await fn(request));

let bridge: LabIpcBridge;

beforeAll(async () => {
  await import('../../../electron/preload/index');
  bridge = fake.state.exposed[0]!.api as LabIpcBridge;
});

describe('the exposed lab bridge', () => {
  it('is exposed once, under its key, with exactly the contract methods and on', () => {
    expect(fake.state.exposed.map((e) => e.key)).toEqual([labIpcBridgeKey]);
    expect(Object.keys(bridge).sort()).toEqual([...labMethods, 'on'].sort());
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
    expect(fake.state.other).toEqual([]);
  });

  it('cannot be changed by the preload after exposing it', () => {
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes lab:<method> for each method with the request as given', async () => {
    for (const method of labMethods) {
      const call = bridge[method] as (request: unknown) => Promise<unknown>;
      await expect(call({ probe: method })).resolves.toEqual({
        ok: true,
        result: { channel: `lab:${method}` },
      });
    }
    expect(fake.state.invoked.map((i) => i.channel)).toEqual(labMethods.map((m) => `lab:${m}`));
    expect(
      fake.state.invoked.every((i) => (i.request as { probe: string }).probe === i.channel.slice(4)),
    ).toBe(true);
  });

  it("hands the page a refusal as data: the code and issues survive the bridge's copy", async () => {
    const refusal = {
      ok: false,
      error: {
        code: 'invalid-scenario',
        message: 'Scenario is invalid',
        issues: [{ path: 'vms.0.memoryMiB', message: 'too big' }],
      },
    };
    fake.state.replies.set('lab:newSession', async () => refusal);
    const newSession = acrossBridge(bridge.newSession as (request: unknown) => Promise<unknown>);
    await expect(newSession({ presetId: 'basics' })).resolves.toEqual(refusal);
  });

  it('passes a failed IPC call on as a rejection (the renderer turns it into an internal error)', async () => {
    fake.state.replies.set('lab:getState', () =>
      Promise.reject(new Error("No handler registered for 'lab:getState'")),
    );
    await expect(bridge.getState({})).rejects.toThrow("No handler registered for 'lab:getState'");
  });
});

describe('on', () => {
  it('delivers only the payload of lab:event:<name>, until unsubscribed', () => {
    const seen: unknown[] = [];
    const off = bridge.on('notice', (payload) => seen.push(payload));
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
      const off = bridge.on(event, () => undefined);
      expect(fake.state.listeners.get(`lab:event:${event}`)?.size).toBe(1);
      off();
    }
    expect(() => bridge.on('lab:getState' as never, () => undefined)).toThrow(/Unknown lab event/);
    expect(() => bridge.on('__proto__' as never, () => undefined)).toThrow(/Unknown lab event/);
    expect(() => bridge.on('x'.repeat(10_000) as never, () => undefined)).toThrow(
      /^Unknown lab event: x{60}$/,
    );
    expect(() => bridge.on(42 as never, () => undefined)).toThrow(/Unknown lab event/);
    expect(() => bridge.on('notice', 'not a function' as never)).toThrow(/function/);
    expect([...fake.state.listeners.keys()].every((channel) => channel.startsWith('lab:event:'))).toBe(true);
  });
});
