import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from '../../../electron/bridge/bridge-server';
import { validationReportPolicy } from '../../../electron/bridge/validation-route';
import { createFakeLabHost } from '../main/fake-lab-host';

let root: string;
let server: BridgeServer;
let broken: BridgeServer;
let made = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-validation-route-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  server = await startBridgeServer({
    host: createFakeLabHost(),
    rendererDir: root,
    dataDir: root,
    validationReport: () => {
      made++;
      return Promise.resolve('<!doctype html><title>report</title><style>p{}</style><p>17 of 17</p>');
    },
  });
  broken = await startBridgeServer({
    host: createFakeLabHost(),
    rendererDir: root,
    dataDir: root,
    validationReport: () => Promise.reject(new Error('worker stopped')),
  });
});
afterAll(async () => {
  await server.close();
  await broken.close();
  await rm(root, { recursive: true, force: true });
});

const base = (s: BridgeServer) => `http://127.0.0.1:${s.port}`;

describe('bridge: /validation-report.html', () => {
  it('serves the report with the token, under a policy that runs no script and loads nothing', async () => {
    const res = await fetch(`${base(server)}/validation-report.html?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(validationReportPolicy);
    expect(validationReportPolicy).toContain("default-src 'none'");
    expect(validationReportPolicy).not.toMatch(/script-src/);
    expect(await res.text()).toContain('17 of 17');
    const head = await fetch(`${base(server)}/validation-report.html?token=${server.token}`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses it without the token, and never makes the report for such a request', async () => {
    const before = made;
    for (const path of ['/validation-report.html', '/VALIDATION-REPORT.HTML', '/validation-report%2ehtml']) {
      const res = await fetch(`${base(server)}${path}`);
      expect(res.status, path).toBe(403);
    }
    expect((await fetch(`${base(server)}/validation-report.html?token=0000`)).status).toBe(403);
    expect(made).toBe(before);
  });

  it('names nothing on disk: other spellings and paths beside it are plain 404s', async () => {
    for (const path of [
      '/validation-report.html/x',
      '/validation-report.htm',
      '/../validation-report.html.bak',
    ]) {
      const res = await fetch(`${base(server)}${path}?token=${server.token}`);
      expect(res.status, path).toBe(404);
    }
  });

  it('says why when the report cannot be made', async () => {
    const res = await fetch(`${base(broken)}/validation-report.html?token=${broken.token}`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('the validation report could not be made: worker stopped');
  });
});
