import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeHarness, type BridgeHarness } from './bridge-harness';
import { openRawWebSocket, rawExchange, upgradeRequest, wsFrame } from './raw-socket';

// A bounded, seeded fuzz of what a local program can send the bridge over loopback: request
// lines, targets, headers and WebSocket frames. Whatever comes in, the server must answer a
// good request afterwards (a throw out of any handler would take the test process down).

const httpCases = 1000;
const frameCases = 300;
const seed = 90_009;

let h: BridgeHarness;
beforeAll(async () => {
  h = await startBridgeHarness();
});
afterAll(async () => {
  await h?.close();
});

async function pageStatus(): Promise<number | null> {
  const answer = await rawExchange(
    h.server.port,
    `GET /?token=${h.server.token} HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nConnection: close\r\n\r\n`,
    { endAfterWrite: false },
  );
  return answer.status;
}

const pathPiece = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('assets', 'app-1234.js', 'index.html', 'exports', 'lab', 'index%2ehtml', '.'),
  },
  fc.constantFrom(
    '',
    '.',
    '..',
    '%2e',
    '%2e%2e',
    '%2f',
    '%5c',
    '%00',
    '%',
    '%zz',
    '[',
    ']',
    '::1',
    '@',
    'index.html',
  ),
  fc.constantFrom(
    'lab',
    'assets',
    'exports',
    'INDEX.HTML',
    '?',
    '#',
    '&token=',
    '%ff',
    '\u00e9',
    '\ud83d\ude00',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ maxLength: 6 }),
  fc.stringMatching(/^[A-Za-z0-9%._~\-/:@!$&'()*+,;=?[\]]{0,20}$/),
);

const target = fc.oneof(
  { weight: 4, arbitrary: fc.array(pathPiece, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`) },
  fc.array(pathPiece, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  fc.array(pathPiece, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.constantFrom('*', '//[', 'http://[/', 'http://127.0.0.1/', '/lab?token=', '/?token=%', '/lab'),
  fc.integer({ min: 1, max: 6000 }).map((n) => `/${'a'.repeat(n)}`),
);

const headerLine = fc.oneof(
  fc.constantFrom(
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Connection: keep-alive',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Version: 99',
    'Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==',
    'Sec-WebSocket-Key: !!',
    'Origin: null',
    'Origin: http://evil.example',
    'Content-Length: -1',
    'Content-Length: 99999999999999999999',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked',
    'Host: evil.example',
    'Host:',
    'X: \u0000',
    ': empty-name',
    'no colon at all',
  ),
  fc.tuple(fc.stringMatching(/^[!-9;-~]{1,20}$/), fc.string({ maxLength: 40 })).map(([k, v]) => `${k}: ${v}`),
);

const httpRequest = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        method: fc.constantFrom(
          'GET',
          'HEAD',
          'POST',
          'PUT',
          'OPTIONS',
          'CONNECT',
          'TRACE',
          'BREW',
          'get',
          '',
        ),
        target,
        version: fc.oneof(
          { weight: 8, arbitrary: fc.constant('HTTP/1.1') },
          { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2', 'HTTP/9.9', 'HTTP/1.1 extra', '') },
        ),
        withHost: fc.oneof(
          { weight: 4, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        withOrigin: fc.boolean(),
        closeHeader: fc.oneof(
          { weight: 4, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.constant(false) },
        ),
        withToken: fc.boolean(),
        headers: fc.oneof(
          { weight: 3, arbitrary: fc.constant([]) },
          {
            weight: 3,
            arbitrary: fc.constant([
              'Upgrade: websocket',
              'Connection: Upgrade',
              'Sec-WebSocket-Version: 13',
              'Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==',
            ]),
          },
          { weight: 2, arbitrary: fc.array(headerLine, { maxLength: 6 }) },
        ),
        body: fc.oneof(
          { weight: 4, arbitrary: fc.constant('') },
          { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
        ),
      })
      .map((r) => {
        const query = r.withToken ? `${r.target.includes('?') ? '&' : '?'}token=${h.server.token}` : '';
        const lines = [`${r.method} ${r.target}${query} ${r.version}`];
        if (r.withHost) lines.push(`Host: 127.0.0.1:${h.server.port}`);
        if (r.withOrigin) lines.push(`Origin: http://127.0.0.1:${h.server.port}`);
        // Node drops the answer to a client that half-closes first, so say close instead.
        if (r.closeHeader) lines.push('Connection: close');
        lines.push(...r.headers);
        return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n${r.body}`, 'utf8'), end: !r.closeHeader };
      }),
  },
  {
    weight: 2,
    arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => ({ bytes: Buffer.from(b), end: true })),
  },
);

const frame = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        payload: fc.oneof(
          fc.json().map((j) => Buffer.from(j)),
          fc
            .constantFrom(
              '{"id":1,"method":"getAppInfo"}',
              '{"id":{},"method":"x"}',
              '[]',
              'null',
              '{"__proto__":{"x":1}}',
              '{"id":1,"method":"getHistory","params":{"maxPoints":1e308}}',
            )
            .map((t) => Buffer.from(t)),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        ),
        opcode: fc.constantFrom(0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa, 0xb, 0xf),
        fin: fc.boolean(),
        mask: fc.boolean(),
        rsv: fc.integer({ min: 0, max: 7 }),
      })
      .map((f) => wsFrame(f.payload, f)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)) },
);

describe('bridge: bounded fuzz over loopback', () => {
  it(`answers a good request after ${httpCases} malformed HTTP and upgrade requests`, async () => {
    const cases = fc.sample(httpRequest, { seed, numRuns: httpCases });
    const statuses = new Map<string, number>();
    for (let i = 0; i < cases.length; i++) {
      const answer = await rawExchange(h.server.port, cases[i]!.bytes, {
        timeoutMs: 500,
        endAfterWrite: cases[i]!.end,
      });
      const key = String(answer.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (answer.status === 200) {
        // Only the page or an asset, and the page only with the token.
        expect(answer.text).not.toMatch(/SECRET/);
      }
      if (i % 50 === 49) expect(await pageStatus()).toBe(200);
    }
    expect(await pageStatus()).toBe(200);
    // The fuzz reaches the routes, not only the HTTP parser: pages, refusals and misses all occur.
    for (const status of ['200', '400', '403', '404'])
      expect(statuses.get(status), `${status} among ${JSON.stringify([...statuses])}`).toBeGreaterThan(0);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(httpCases);
  }, 120_000);

  it(`keeps serving after ${frameCases} sockets fed malformed frames`, async () => {
    const batches = fc.sample(fc.array(frame, { minLength: 1, maxLength: 6 }), {
      seed: seed + 1,
      numRuns: frameCases,
    });
    for (const frames of batches) {
      const ws = await openRawWebSocket(h.server.port, `/lab?token=${h.server.token}`, {
        Origin: `http://127.0.0.1:${h.server.port}`,
      });
      ws.write(Buffer.concat(frames));
      await new Promise((r) => setTimeout(r, 5));
      ws.close();
    }
    const ws = await openRawWebSocket(h.server.port, `/lab?token=${h.server.token}`, {
      Origin: `http://127.0.0.1:${h.server.port}`,
    });
    ws.write(wsFrame(JSON.stringify({ id: 'last', method: 'getAppInfo', params: {} })));
    const isReply = (m: string): boolean => m.includes('"id":"last"') && m.includes('"ok":true');
    for (let n = 1; !ws.messages.some(isReply); n++) await ws.waitForMessages(n);
    ws.close();
    expect(await pageStatus()).toBe(200);
    expect(
      (
        await rawExchange(h.server.port, upgradeRequest(h.server.port, '//['), {
          endAfterWrite: false,
          timeoutMs: 500,
        })
      ).status,
    ).toBe(403);
  }, 120_000);
});
