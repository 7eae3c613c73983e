import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labMethods } from '../../../core/lab-api/lab-api-contract';
import { SessionError } from '../../../core/session/session-error';
import { LabError } from '../../../electron/services/lab/lab-error';
import { registerLabIpc, serveLabRequest } from '../../../electron/main/lab-ipc';
import { createFakeLabHost } from './fake-lab-host';

describe('serveLabRequest', () => {
  it('passes the validated request (with schema defaults) to the host', async () => {
    const host = createFakeLabHost();
    host.answers.step = (request) => ({ stepped: request });
    await expect(serveLabRequest(host, 'step', {})).resolves.toEqual({
      ok: true,
      result: { stepped: { ticks: 1 } },
    });
    await expect(serveLabRequest(host, 'getState', undefined)).resolves.toMatchObject({ ok: true });
  });

  it('turns a bad payload into a bad-request envelope naming the field, without calling the host', async () => {
    const host = createFakeLabHost();
    const reply = await serveLabRequest(host, 'step', { ticks: -3 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request', issues: [{ path: 'ticks' }] } });
    expect(reply.ok === false && reply.error.message).toMatch(/step.*ticks/);
    await expect(serveLabRequest(host, 'getState', { extra: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    await expect(serveLabRequest(host, 'setSpeed', 'fast')).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(host.calls).toEqual([]);
  });

  it('never throws, whatever the payload', async () => {
    const host = createFakeLabHost();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...labMethods), fc.anything(), async (method, payload) => {
        const reply = await serveLabRequest(host, method, payload);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error.code).toBe('bad-request');
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the code and issues of a host failure, as both transports report them', async () => {
    const host = createFakeLabHost();
    host.answers.newSession = () => {
      throw new LabError('invalid-scenario', 'Scenario is invalid', [
        { path: 'vms.0.memoryMiB', message: 'too big' },
      ]);
    };
    await expect(serveLabRequest(host, 'newSession', { presetId: 'basics' })).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid-scenario',
        message: 'Scenario is invalid',
        issues: [{ path: 'vms.0.memoryMiB', message: 'too big' }],
      },
    });
    host.answers.openSession = () => {
      throw new SessionError('newer-version', 'made by a newer Balloon Lab');
    };
    await expect(serveLabRequest(host, 'openSession', { target: '/x.balloonlab' })).resolves.toEqual({
      ok: false,
      error: { code: 'refused', message: 'made by a newer Balloon Lab' },
    });
    host.answers.pause = () => {
      throw new TypeError('x is undefined');
    };
    await expect(serveLabRequest(host, 'pause', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'x is undefined' },
    });
  });
});

describe('registerLabIpc', () => {
  it('registers one handler per method, refuses untrusted senders, and removes them all', async () => {
    const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
    const ipc = {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) =>
        void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
    const host = createFakeLabHost();
    const trusted = new WeakSet<object>();
    const remove = registerLabIpc(ipc as never, host, (event) => trusted.has(event));
    expect(handlers.size).toBe(labMethods.length);
    const good = {};
    trusted.add(good);
    await expect(handlers.get('lab:pause')!(good, {})).resolves.toMatchObject({ ok: true });
    await expect(handlers.get('lab:pause')!({}, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(host.calls).toHaveLength(1);
    remove();
    expect(handlers.size).toBe(0);
  });
});
