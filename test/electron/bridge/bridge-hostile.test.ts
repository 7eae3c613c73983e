import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBridgeServer } from '../../../electron/bridge/bridge-server';
import { startBridgeHarness, type BridgeHarness } from './bridge-harness';
import { openRawWebSocket, rawExchange, upgradeRequest, wsFrame } from './raw-socket';

// Regressions of issue 9: each request here once crashed, leaked or grew the bridge.

let h: BridgeHarness;
let outside: string;
beforeAll(async () => {
  h = await startBridgeHarness();
  outside = await mkdtemp(join(tmpdir(), 'bl-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'SECRET-OUTSIDE');
  await mkdir(join(outside, 'folder'));
  await writeFile(join(outside, 'folder', 'host.csv'), 'SECRET-CSV');
});
afterAll(async () => {
  await h?.close();
  await rm(outside, { recursive: true, force: true });
});

const origin = (): string => `http://127.0.0.1:${h.server.port}`;

async function get(path: string): Promise<{ status: number | null; body: string }> {
  const answer = await rawExchange(
    h.server.port,
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nConnection: close\r\n\r\n`,
    { endAfterWrite: false },
  );
  return { status: answer.status, body: answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4) };
}

async function stillServes(): Promise<void> {
  expect((await get(`/?token=${h.server.token}`)).status).toBe(200);
}

describe('bridge: the upgrade handler validates before it parses', () => {
  it('survives `//[` and other targets new URL() throws on, with and without the token', async () => {
    const t = h.server.token;
    const targets = [
      '//[',
      `//[?token=${t}`,
      '//[::1',
      '/%',
      `/lab%?token=${t}`,
      '*',
      'http://[/lab',
      '//',
      `/lab/..?token=${t}`,
    ];
    for (const target of targets) {
      const answer = await rawExchange(
        h.server.port,
        upgradeRequest(h.server.port, target, { Origin: origin() }),
      );
      expect(answer.status, target).not.toBe(101);
      expect([400, 403, 404]).toContain(answer.status);
    }
    await stillServes();
  });

  it('refuses a socket from any Origin but the page own, and without one', async () => {
    const path = `/lab?token=${h.server.token}`;
    const status = async (headers: Record<string, string>) =>
      (
        await rawExchange(h.server.port, upgradeRequest(h.server.port, path, headers), {
          endAfterWrite: false,
          timeoutMs: 500,
        })
      ).status;
    expect(await status({})).toBe(403);
    expect(await status({ Origin: 'http://evil.example' })).toBe(403);
    expect(await status({ Origin: 'null' })).toBe(403);
    expect(await status({ Origin: `http://127.0.0.1:${h.server.port + 1}` })).toBe(403);
    expect(await status({ Origin: `https://127.0.0.1:${h.server.port}` })).toBe(403);
    expect(await status({ Origin: `http://localhost:${h.server.port}` })).toBe(403);
    expect(await status({ Origin: origin() })).toBe(101);
  });

  it('a client resetting a refused upgrade does not take the server down', async () => {
    for (let i = 0; i < 20; i++) {
      await rawExchange(h.server.port, upgradeRequest(h.server.port, '//['), {
        timeoutMs: 1,
        endAfterWrite: false,
      });
    }
    await stillServes();
  });
});

describe('bridge: every spelling of a path is routed after decoding and normalising', () => {
  it('never serves the page without the token, however its name is spelled', async () => {
    const spellings = [
      '/index%2ehtml',
      '/%69ndex.html',
      '/index%2Ehtml',
      '//index.html',
      '/./index.html',
      '/assets/../index.html',
      '/assets/%2e%2e/index.html',
      '/INDEX.HTML',
      '/Index.html',
      '/index.html/',
      '/%2findex.html',
      '/index.html?token=wrong',
      '/x/../../index.html',
    ];
    for (const path of spellings) {
      const answer = await get(path);
      expect(answer.status, path).not.toBe(200);
      expect(answer.body, path).not.toContain('<title>Balloon Lab</title>');
    }
    expect((await get(`/index%2ehtml?token=${h.server.token}`)).status).toBe(200);
    expect((await get(`//index.html?token=${h.server.token}`)).status).toBe(200);
  });

  it('refuses malformed targets with 400 and no file', async () => {
    for (const path of ['/%', '/%zz', '/a%00b', '/assets%5c..%5cindex.html', `/${'a'.repeat(5000)}`]) {
      expect((await get(path)).status, path).toBe(400);
    }
  });

  it('needs the token for exports under any spelling', async () => {
    await mkdir(join(h.dataDir, 'exports', 'run1'), { recursive: true });
    await writeFile(join(h.dataDir, 'exports', 'run1', 'host.csv'), 'time_s\n0\n');
    for (const path of [
      '/exports/run1/host.csv',
      '/%65xports/run1/host.csv',
      '//exports//run1/host.csv',
      '/assets/../exports/run1/host.csv',
    ]) {
      expect((await get(path)).status, path).toBe(403);
    }
    expect((await get(`/%65xports/run1/host.csv?token=${h.server.token}`)).body).toBe('time_s\n0\n');
  });
});

describe('bridge: static serving never follows a link out of its folder', () => {
  it('plants each kind of link: out of the renderer, out of exports, a linked folder, a dangling link, a FIFO', async () => {
    const t = h.server.token;
    await symlink(join(outside, 'secret.txt'), join(h.rendererDir, 'assets', 'leak.js'));
    await symlink(join(h.rendererDir, 'assets', 'app-1234.js'), join(h.rendererDir, 'assets', 'alias.js'));
    await symlink(join(h.rendererDir, 'index.html'), join(h.rendererDir, 'page.js'));
    await symlink(join(outside, 'nothing-here'), join(h.rendererDir, 'assets', 'dangling.js'));
    await symlink(outside, join(h.rendererDir, 'out'));
    await mkdir(join(h.dataDir, 'exports', 'run2'), { recursive: true });
    await symlink(join(outside, 'secret.txt'), join(h.dataDir, 'exports', 'run2', 'leak.csv'));
    await symlink(join(outside, 'folder'), join(h.dataDir, 'exports', 'linked'));
    execFileSync('mkfifo', [join(h.rendererDir, 'assets', 'pipe.js')]);

    const leaks = [
      '/assets/leak.js',
      '/out/secret.txt',
      `/exports/run2/leak.csv?token=${t}`,
      `/exports/linked/host.csv?token=${t}`,
    ];
    for (const path of leaks) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('SECRET');
    }
    expect((await get('/assets/dangling.js')).status).toBe(404);
    const fifo = await rawExchange(
      h.server.port,
      `GET /assets/pipe.js HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nConnection: close\r\n\r\n`,
      { timeoutMs: 3000, endAfterWrite: false },
    );
    expect(fifo.status).toBe(404);
    // A link that stays inside is fine; a link to the page still needs the token.
    expect((await get('/assets/alias.js')).body).toBe('console.log("lab")');
    expect((await get('/page.js')).status).toBe(403);
    expect((await get(`/page.js?token=${t}`)).status).toBe(200);
  });
});

describe('bridge: per-client limits', () => {
  it('answers requests beyond the in-flight limit at once with a clear busy error', async () => {
    const server = await startBridgeServer({
      host: h.host,
      rendererDir: h.rendererDir,
      dataDir: h.dataDir,
      clientLimits: {
        maxInFlight: 4,
        maxReplyBufferBytes: 1 << 24,
        maxFrameBufferBytes: 1 << 23,
        maxBufferBytes: 1 << 26,
      },
    });
    try {
      const ws = await openRawWebSocket(server.port, `/lab?token=${server.token}`, {
        Origin: `http://127.0.0.1:${server.port}`,
      });
      const frames = Array.from({ length: 50 }, (_, i) =>
        wsFrame(JSON.stringify({ id: i, method: 'getAppInfo', params: {} })),
      );
      ws.write(Buffer.concat(frames));
      const replies = (await ws.waitForMessages(50))
        .map((m) => JSON.parse(m) as { id?: number; ok?: boolean; error?: { code: string; message: string } })
        .filter((m) => typeof m.id === 'number');
      expect(replies).toHaveLength(50);
      const busy = replies.filter((r) => r.ok === false);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy.length).toBeLessThanOrEqual(46);
      for (const r of busy) {
        expect(r.error?.code).toBe('busy');
        expect(r.error?.message).toMatch(/at most 4 per client/);
      }
      ws.close();
    } finally {
      await server.close();
    }
  });

  it('a client that stops reading while asking for 600 histories cannot grow the server', async () => {
    await h.client.newSession({ presetId: 'basics' });
    await h.client.step({ ticks: 600 });
    const limits = {
      maxInFlight: 32,
      maxReplyBufferBytes: 2 << 20,
      maxFrameBufferBytes: 1 << 20,
      maxBufferBytes: 8 << 20,
    };
    const server = await startBridgeServer({
      host: h.host,
      rendererDir: h.rendererDir,
      dataDir: h.dataDir,
      clientLimits: limits,
    });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/lab?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port}`,
        maxPayload: 0,
      });
      await new Promise((r) => ws.once('open', r));
      const replies: { id?: number; ok?: boolean; error?: { code: string; message: string } }[] = [];
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as (typeof replies)[number];
        if (typeof m.id === 'number') replies.push(m);
      });
      const one = JSON.stringify({ id: 0, method: 'getHistory', params: { maxPoints: 20_000 } });
      ws.pause();
      for (let i = 0; i < 600; i++) ws.send(one.replace('"id":0', `"id":${i}`));

      let maxBuffered = 0;
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 25));
        for (const load of server.clientLoad) maxBuffered = Math.max(maxBuffered, load.bufferedBytes);
      }
      expect(maxBuffered).toBeGreaterThan(limits.maxReplyBufferBytes);
      expect(maxBuffered).toBeLessThanOrEqual(limits.maxBufferBytes);
      // Other clients are served meanwhile.
      expect((await h.client.getState({})).tick).toBe(600);

      ws.resume();
      const deadline = Date.now() + 60_000;
      while (replies.length < 600 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(replies).toHaveLength(600);
      const ok = replies.filter((r) => r.ok === true).length;
      const refused = replies.filter((r) => r.ok === false);
      expect(ok).toBeGreaterThan(0);
      expect(refused.some((r) => /still waiting for this client to read them/.test(r.error!.message))).toBe(
        true,
      );
      for (const r of refused) {
        expect(r.error?.code).toBe('busy');
        expect(r.error?.message).toMatch(
          /still waiting for this client to read them|too many requests at once/,
        );
      }
      ws.close();
    } finally {
      await server.close();
    }
  }, 90_000);
});
