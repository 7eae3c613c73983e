import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { devWorkerPath } from './bridge-harness';

const serveEntry = fileURLToPath(new URL('../../../electron/bridge/serve.ts', import.meta.url));

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-serve-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>lab</title>');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('npm run serve entry', () => {
  it('creates the data folder, prints the URL, serves, and shuts down cleanly on SIGINT', async () => {
    const dataDir = join(root, 'data');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        serveEntry,
        '--port',
        '0',
        '--data',
        dataDir,
        '--renderer',
        root,
        '--worker',
        devWorkerPath,
      ],
      {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/Balloon Lab is at (http:\S+)/.test(out)) {
      if (Date.now() > deadline) throw new Error(`no URL printed:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /Balloon Lab is at (http:\S+)/.exec(out)![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    expect((await fetch(url)).status).toBe(200);
    expect(await readdir(dataDir)).toContain('.state');

    const ws = new WebSocket(url.replace('http:', 'ws:').replace('/?', '/lab?'), {
      origin: new URL(url).origin,
    });
    await new Promise((r) => ws.once('open', r));
    // Events may come first; the reply is the message with our id.
    const reply = new Promise<unknown>((r) =>
      ws.on('message', (d) => {
        const message = JSON.parse(String(d)) as { id?: number };
        if (message.id === 1) r(message);
      }),
    );
    ws.send(JSON.stringify({ id: 1, method: 'getAppInfo', params: {} }));
    expect(await reply).toMatchObject({ id: 1, ok: true, result: { transport: 'bridge', dataDir } });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await closed).toBe(1001);
    expect(out).toMatch(/SIGINT: stopping/);
  });
});
