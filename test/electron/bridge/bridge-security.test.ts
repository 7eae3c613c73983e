import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBridgeHarness, type BridgeHarness } from './bridge-harness';

let h: BridgeHarness;
beforeAll(async () => {
  h = await startBridgeHarness();
});
afterAll(async () => {
  await h?.close();
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h.server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(path: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.server.port}${path}`, {
      headers: { Origin: `http://127.0.0.1:${h.server.port}`, ...headers },
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => undefined);
  });
}

describe('bridge: token, host and headers', () => {
  it('prints a loopback URL with a 128-bit hex token', () => {
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
  });

  it('serves the page only with the right token, uncached, with the CSP', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=00000000000000000000000000000000')).status).toBe(403);
    const page = await get(`/?token=${h.server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain('connect-src');
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // The desktop app's <meta> policy would block the page's scripts here: only the header applies.
    expect(page.body).toBe(
      '<!doctype html><title>Balloon Lab</title><script type="module" src="/assets/app-1234.js"></script>',
    );
    expect(page.headers['content-length']).toBe(String(Buffer.byteLength(page.body)));
    const head = await new Promise<{ status: number; length: string | undefined; body: string }>(
      (resolve) => {
        const req = request(
          { host: '127.0.0.1', port: h.server.port, path: `/?token=${h.server.token}`, method: 'HEAD' },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], body }),
            );
          },
        );
        req.end();
      },
    );
    expect(head).toEqual({ status: 200, length: page.headers['content-length'], body: '' });
  });

  it('serves hashed assets with their MIME type and long caching, and nothing outside the renderer', async () => {
    const js = await get('/assets/app-1234.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get('/../../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${h.server.token}`, { Host: `evil.example:${h.server.port}` })).status).toBe(
      403,
    );
    expect(await upgrade(`/lab?token=${h.server.token}`, { Host: 'evil.example' })).toBe(403);
  });

  it('refuses the socket without the right token', async () => {
    expect(await upgrade('/lab')).toBe(403);
    expect(await upgrade('/lab?token=nope')).toBe(403);
    expect(await upgrade(`/other?token=${h.server.token}`)).toBe(404);
    expect(await upgrade(`/lab?token=${h.server.token}`)).toBe('open');
  });

  it('answers garbage on the socket with a typed error instead of closing', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.server.port}/lab?token=${h.server.token}`, {
      origin: `http://127.0.0.1:${h.server.port}`,
    });
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.send('{{{');
    expect(JSON.parse(await reply)).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
    ws.close();
  });
});
