import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appSchemePrivileges,
  createAppProtocolHandler,
  maxAppFileBytes,
  registerAppScheme,
  serveAppProtocol,
} from '../../../electron/main/app-protocol';
import { contentSecurityPolicy } from '../../../electron/main/content-security-policy';

const policy = contentSecurityPolicy({ devServer: false });
let root = '';
let rendererDir = '';
let serve: (request: Request) => Promise<Response>;

const fetchApp = (url: string, method = 'GET'): Promise<Response> => serve(new Request(url, { method }));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-app-protocol-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets', 'deep'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Balloon Lab</title>');
  await writeFile(join(rendererDir, 'assets', 'index-1.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'index-1.css'), 'body{}');
  await writeFile(join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(rendererDir, 'assets', 'blob.bin'), 'x');
  await writeFile(join(rendererDir, 'assets', 'deep', 'a b.js'), 'spaced');
  await writeFile(join(root, 'secret.txt'), 'outside');
  await mkdir(join(root, 'outside-dir'));
  await writeFile(join(root, 'outside-dir', 'x.js'), 'outside');
  await symlink(join(root, 'secret.txt'), join(rendererDir, 'assets', 'leak.txt'));
  await symlink(join(root, 'outside-dir'), join(rendererDir, 'assets', 'linked-dir'));
  await symlink(join(rendererDir, 'assets', 'index-1.js'), join(rendererDir, 'inside-link.js'));
  await writeFile(join(rendererDir, 'huge.js'), '');
  await truncate(join(rendererDir, 'huge.js'), maxAppFileBytes + 1);
  serve = createAppProtocolHandler(rendererDir, policy);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the app:// protocol handler', () => {
  it('serves the page at / and /index.html with the policy as a header', async () => {
    for (const url of [
      'app://balloon-lab/',
      'app://balloon-lab/index.html',
      'app://balloon-lab/index.html?x=1#y',
    ]) {
      const res = await fetchApp(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(policy);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe('<!doctype html><title>Balloon Lab</title>');
    }
  });

  it('gives each file its MIME type, opaque bytes when the type is unknown', async () => {
    const types = {
      'assets/index-1.js': 'text/javascript; charset=utf-8',
      'assets/index-1.css': 'text/css; charset=utf-8',
      'assets/logo.svg': 'image/svg+xml',
      'assets/blob.bin': 'application/octet-stream',
      'assets/deep/a%20b.js': 'text/javascript; charset=utf-8',
      'inside-link.js': 'text/javascript; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await fetchApp(`app://balloon-lab/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('content-security-policy'), path).toBe(policy);
    }
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await fetchApp('app://balloon-lab/assets/index-1.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('14');
    expect(await res.text()).toBe('');
  });

  it('serves nothing outside the renderer folder, however the path is spelled or linked', async () => {
    const outside = [
      'app://balloon-lab/../secret.txt',
      'app://balloon-lab/%2e%2e/secret.txt',
      'app://balloon-lab/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://balloon-lab/assets/..%2f..%2fsecret.txt',
      'app://balloon-lab/assets/leak.txt',
      'app://balloon-lab/assets/linked-dir/x.js',
      `app://balloon-lab/${encodeURIComponent(join(root, 'secret.txt'))}`,
    ];
    for (const url of outside) {
      const res = await fetchApp(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy'), url).toBe(policy);
      expect(await res.text(), url).not.toContain('outside');
    }
  });

  it('is 404 for folders, missing files, other hosts and files too big to be the app', async () => {
    for (const url of [
      'app://balloon-lab/assets',
      'app://balloon-lab/assets/',
      'app://balloon-lab/missing.js',
      'app://evil.example/index.html',
      'app://balloon-lab.evil.example/index.html',
      'app://balloon-lab/huge.js',
    ]) {
      expect((await fetchApp(url)).status, url).toBe(404);
    }
  });

  it('refuses malformed paths (400) and other methods (405)', async () => {
    for (const url of [
      'app://balloon-lab/%E0%A4%A',
      'app://balloon-lab/assets%5Cindex-1.js',
      'app://balloon-lab/index.html%00.js',
      'app://balloon-lab/%0aindex.html',
    ]) {
      expect((await fetchApp(url)).status, url).toBe(400);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await fetchApp('app://balloon-lab/index.html', method);
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});

describe('registering app://', () => {
  it('registers the scheme as standard and secure without bypassing the policy, and serves it', async () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => void registered.push(...schemes) });
    expect(registered).toEqual([{ scheme: 'app', privileges: { ...appSchemePrivileges } }]);
    expect(appSchemePrivileges).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      allowServiceWorkers: false,
    });

    const handlers = new Map<string, (request: Request) => Promise<Response>>();
    serveAppProtocol(
      {
        handle: (scheme, handler) => void handlers.set(scheme, handler as (r: Request) => Promise<Response>),
      },
      rendererDir,
      policy,
    );
    const res = await handlers.get('app')!(new Request('app://balloon-lab/'));
    expect(res.status).toBe(200);
  });
});
