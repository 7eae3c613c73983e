import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer } from '../../../electron/bridge/bridge-server';
import {
  bridgeSocketUrl,
  createBridgeClient,
  LabApiError,
  serverGoneMessage,
  serverRestartedMessage,
} from '../../../renderer/src/api/bridge-client';
import { nextEvent, PageWebSocket, startBridgeHarness, type BridgeHarness } from './bridge-harness';

let h: BridgeHarness;
beforeAll(async () => {
  h = await startBridgeHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('bridge client', () => {
  it('turns page and socket URLs into the socket URL with the token', () => {
    expect(bridgeSocketUrl('http://127.0.0.1:4000/?token=abc')).toBe('ws://127.0.0.1:4000/lab?token=abc');
    expect(bridgeSocketUrl('ws://127.0.0.1:4000/lab?token=abc')).toBe('ws://127.0.0.1:4000/lab?token=abc');
    expect(() => bridgeSocketUrl()).toThrow(/needs a URL/);
  });

  it('queues calls made before the socket opens, and exposes every contract method', async () => {
    const client = h.connect();
    const info = await client.getAppInfo({});
    expect(info.transport).toBe('bridge');
    expect(client.connected).toBe(true);
    client.close();
    await expect(client.getState({})).rejects.toMatchObject({ code: 'io' });
  });

  it('rejects with LabApiError carrying the code and scenario issues', async () => {
    const error = await h.client
      .newSession({ scenario: { vms: [{ id: 'x', memoryMiB: 1 }] } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabApiError);
    expect((error as LabApiError).code).toBe('invalid-scenario');
    expect((error as LabApiError).issues?.[0]?.path).toBe('vms[0].memoryMiB');
  });

  it('on() returns an unsubscribe function', async () => {
    const seen: string[] = [];
    const off = h.client.on('sessionChanged', (m) => seen.push(m.name));
    await h.client.newSession({ presetId: 'basics' });
    await new Promise((r) => setTimeout(r, 100));
    const count = seen.length;
    expect(count).toBeGreaterThan(0);
    off();
    await h.client.newSession({ presetId: 'boot-storm' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(count);
  });

  it('reconnects with backoff after the server goes away, and resynchronises the state', async () => {
    const server = await startBridgeServer({ host: h.host, rendererDir: h.rendererDir, dataDir: h.dataDir });
    const client = createBridgeClient(server.url, {
      WebSocket: PageWebSocket,
      reconnectDelayMs: 50,
      maxReconnectDelayMs: 200,
    });
    await client.getState({});
    const lost = nextEvent(client, 'notice', (n) => n.level === 'warn');
    await server.close();
    expect((await lost).message).toMatch(/Lost the connection/);
    expect(client.connected).toBe(false);
    const pending = client.getState({});
    // Nothing listens for a while: the client keeps retrying with growing delays.
    await new Promise((r) => setTimeout(r, 500));
    const resynced = nextEvent(client, 'stateChanged');
    const again = await startBridgeServer({
      host: h.host,
      rendererDir: h.rendererDir,
      dataDir: h.dataDir,
      port: server.port,
      token: server.token,
    });
    const state = await pending;
    expect(state.tick).toBeGreaterThanOrEqual(0);
    expect((await resynced).scenario).toEqual(state.scenario);
    expect(client.connected).toBe(true);
    client.close();
    await again.close();
  });

  it('a wrong token never connects and calls wait instead of failing', async () => {
    const url = h.server.url.replace(/token=[0-9a-f]+/, 'token=ffffffffffffffffffffffffffffffff');
    const client = createBridgeClient(url, {
      WebSocket: PageWebSocket,
      reconnectDelayMs: 20,
      maxReconnectDelayMs: 50,
    });
    const told = nextEvent(client, 'notice', (n) => n.level === 'error', 5000);
    const result = await Promise.race([
      client.getState({}).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('waiting'), 500)),
    ]);
    expect(result).toBe('waiting');
    expect(client.connected).toBe(false);
    expect((await told).message).toMatch(/access token/);
    client.close();
  });

  it('says the server was restarted, and to open its new URL, once the old token is refused', async () => {
    const server = await startBridgeServer({ host: h.host, rendererDir: h.rendererDir, dataDir: h.dataDir });
    const client = createBridgeClient(server.url, {
      WebSocket: PageWebSocket,
      reconnectDelayMs: 30,
      maxReconnectDelayMs: 60,
      goneAfterAttempts: 1000,
    });
    await client.getState({});
    const errors: string[] = [];
    client.on('notice', (n) => {
      if (n.level === 'error') errors.push(n.message);
    });
    await server.close();
    // Down is not restarted: nothing answers, so the client only keeps trying.
    await new Promise((r) => setTimeout(r, 300));
    expect(errors).toEqual([]);
    const told = nextEvent(client, 'notice', (n) => n.level === 'error', 5000);
    const restarted = await startBridgeServer({
      host: h.host,
      rendererDir: h.rendererDir,
      dataDir: h.dataDir,
      port: server.port,
    });
    expect(restarted.token).not.toBe(server.token);
    expect((await told).message).toBe(serverRestartedMessage);
    expect(serverRestartedMessage).toMatch(/restarted.*npm run serve/s);
    // Said once, not at every further attempt.
    await new Promise((r) => setTimeout(r, 300));
    expect(errors).toEqual([serverRestartedMessage]);
    expect(client.connected).toBe(false);
    client.close();
    await restarted.close();
  });

  it('treats a failing token check as no news and says nothing', async () => {
    const server = await startBridgeServer({ host: h.host, rendererDir: h.rendererDir, dataDir: h.dataDir });
    let checks = 0;
    const client = createBridgeClient(server.url, {
      WebSocket: PageWebSocket,
      reconnectDelayMs: 20,
      maxReconnectDelayMs: 40,
      goneAfterAttempts: 1000,
      checkToken: () => {
        checks++;
        return Promise.reject(new Error('boom'));
      },
    });
    await client.getState({});
    const errors: string[] = [];
    client.on('notice', (n) => {
      if (n.level === 'error') errors.push(n.message);
    });
    await server.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(checks).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    client.close();
  });

  it('says once that the server is not answering, and to open its new URL, when nothing comes back', async () => {
    const server = await startBridgeServer({ host: h.host, rendererDir: h.rendererDir, dataDir: h.dataDir });
    const client = createBridgeClient(server.url, {
      WebSocket: PageWebSocket,
      reconnectDelayMs: 10,
      maxReconnectDelayMs: 20,
      goneAfterAttempts: 4,
    });
    await client.getState({});
    const errors: string[] = [];
    client.on('notice', (n) => {
      if (n.level === 'error') errors.push(n.message);
    });
    await server.close();
    await new Promise((r) => setTimeout(r, 400));
    expect(errors).toEqual([serverGoneMessage]);
    expect(serverGoneMessage).toMatch(/not answering.*new URL.*npm run serve|npm run serve.*new URL/s);
    client.close();
  });
});
