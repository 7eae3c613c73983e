import { afterEach, describe, expect, it } from 'vitest';
import { labMethods } from '../../../core/lab-api/lab-api-contract';
import type { LabEvent } from '../../../core/lab-api/lab-api-contract';
import { labIpcBridgeKey } from '../../../core/lab-api/lab-ipc-bridge';
import type { LabIpcBridge } from '../../../core/lab-api/lab-ipc-bridge';
import { createIpcClient } from '../../../renderer/src/api/ipc-client';
import { labApi, setLabApi } from '../../../renderer/src/api/lab-api';
import { LabApiError } from '../../../renderer/src/api/lab-api-error';

/** A stand-in for the preload's bridge: each method answers with the reply set for it. */
function fakeBridge(reply: (method: string, request: unknown) => Promise<unknown>) {
  const calls: Array<{ method: string; request: unknown }> = [];
  const subscriptions: string[] = [];
  const bridge: Record<string, unknown> = {};
  for (const method of labMethods) {
    bridge[method] = (request: unknown) => {
      calls.push({ method, request });
      return reply(method, request);
    };
  }
  bridge.on = (event: LabEvent, listener: (payload: unknown) => void) => {
    subscriptions.push(event);
    listener({ from: event });
    return () => subscriptions.push(`off:${event}`);
  };
  return { bridge: bridge as LabIpcBridge, calls, subscriptions };
}

async function rejection(promise: Promise<unknown>): Promise<LabApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabApiError);
  return error as LabApiError;
}

describe('createIpcClient', () => {
  it('resolves with the result of an ok envelope, for every method', async () => {
    const { bridge, calls } = fakeBridge(async (method) => ({ ok: true, result: { method } }));
    const api = createIpcClient(bridge);
    for (const method of labMethods) {
      await expect((api[method] as (r: unknown) => Promise<unknown>)({ n: 1 })).resolves.toEqual({ method });
    }
    expect(calls.map((c) => c.method)).toEqual([...labMethods]);
    expect(calls.every((c) => (c.request as { n: number }).n === 1)).toBe(true);
  });

  it('rejects with a LabApiError carrying the code and the scenario issues of an error envelope', async () => {
    const { bridge } = fakeBridge(async () => ({
      ok: false,
      error: {
        code: 'invalid-scenario',
        message: 'Scenario is invalid',
        issues: [{ path: 'vms[0].memoryMiB', message: 'too big' }],
      },
    }));
    const error = await rejection(createIpcClient(bridge).updateScenario({ scenario: {} as never }));
    expect(error).toMatchObject({
      name: 'LabApiError',
      code: 'invalid-scenario',
      message: 'Scenario is invalid',
      issues: [{ path: 'vms[0].memoryMiB', message: 'too big' }],
    });
  });

  it('turns a failed IPC call into an internal LabApiError with its message', async () => {
    const { bridge } = fakeBridge(() =>
      Promise.reject(new Error("No handler registered for 'lab:getState'")),
    );
    const error = await rejection(createIpcClient(bridge).getState({}));
    expect(error).toMatchObject({ code: 'internal', message: "No handler registered for 'lab:getState'" });
  });

  it('refuses replies that are not envelopes, and bounds hostile error payloads', async () => {
    for (const reply of ['garbage', null, 42, {}, { ok: 'yes', result: 1 }]) {
      const { bridge } = fakeBridge(async () => reply);
      expect(await rejection(createIpcClient(bridge).pause({}))).toMatchObject({
        code: 'internal',
        message: 'malformed reply to pause',
      });
    }
    const hostile = {
      ok: false,
      error: {
        code: 'constructor',
        message: 'm'.repeat(100_000),
        issues: [
          ...Array.from({ length: 1000 }, (_, i) => ({ path: `p${i}`, message: 'bad' })),
          { path: 1, message: 'x' },
        ],
      },
    };
    const { bridge } = fakeBridge(async () => hostile);
    const error = await rejection(createIpcClient(bridge).pause({}));
    expect(error.code).toBe('internal');
    expect(error.message.length).toBeLessThanOrEqual(2000);
    expect(error.issues).toHaveLength(50);
    const { bridge: odd } = fakeBridge(async () => ({
      ok: false,
      error: { code: 'busy', message: '', issues: [null, 'x', { path: 'speed', message: 'too fast' }] },
    }));
    expect(await rejection(createIpcClient(odd).play({}))).toMatchObject({
      code: 'busy',
      message: 'The lab reported an error.',
      issues: [{ path: 'speed', message: 'too fast' }],
    });
    const { bridge: bare } = fakeBridge(async () => ({ ok: false }));
    expect(await rejection(createIpcClient(bare).play({}))).toMatchObject({ code: 'internal' });
  });

  it('passes subscriptions straight to the bridge', () => {
    const { bridge, subscriptions } = fakeBridge(async () => ({ ok: true, result: null }));
    const seen: unknown[] = [];
    const off = createIpcClient(bridge).on('notice', (payload) => seen.push(payload));
    off();
    expect(seen).toEqual([{ from: 'notice' }]);
    expect(subscriptions).toEqual(['notice', 'off:notice']);
  });
});

describe('labApi in the desktop app', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[labIpcBridgeKey];
    setLabApi(null);
  });

  it("uses the preload's bridge when there is one, with typed errors", async () => {
    const { bridge, calls } = fakeBridge(async (method) =>
      method === 'getState'
        ? { ok: true, result: { tick: 7 } }
        : { ok: false, error: { code: 'refused', message: 'no' } },
    );
    (globalThis as Record<string, unknown>)[labIpcBridgeKey] = bridge;
    setLabApi(null);
    await expect(labApi.getState({})).resolves.toEqual({ tick: 7 });
    expect(await rejection(labApi.saveSession({}))).toMatchObject({ code: 'refused', message: 'no' });
    expect(calls.map((c) => c.method)).toEqual(['getState', 'saveSession']);
  });
});
