import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labMethods } from '../../core/lab-api/lab-api-contract';
import { builtFiles, repoRoot, requireBuild } from './built-app';

interface CallRecord {
  method: string;
  payload: unknown;
  ms?: number;
  missing?: boolean;
  threw?: string;
  envelope?: boolean;
  ok?: boolean;
  code?: string;
  message?: string;
  result?: Record<string, unknown> & { length?: number; first?: Record<string, unknown> };
}

interface SmokeReport {
  handlers: string[];
  otherIpc: string[];
  webPreferences: Record<string, unknown> | null;
  csp: string | null;
  schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  page: {
    status: number;
    contentType: string | null;
    metaCsp: string | null;
    scripts: string[];
    inlineStyles: boolean;
    scriptStatus?: number;
    scriptType?: string | null;
  } | null;
  outsidePage: number | null;
  engineForks: Array<{ modulePath: string; execArgv: string[] }>;
  permissionGranted: boolean | null;
  loadedUrl: string | null;
  calls: CallRecord[];
  untrusted: { ok?: boolean; code?: string } | null;
  badPayload: { ok?: boolean; code?: string } | null;
  eventsSent: Record<string, number>;
  quitMs: number | null;
  errors: string[];
}

const registerFakeElectron = join(repoRoot, 'test', 'packaging', 'fake-electron', 'register.mjs');
const runTimeoutMs = 240_000;

let workDir: string;
let report: SmokeReport;
let exitCode: number | null;
let stderr = '';

function runBuiltMain(): Promise<number | null> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMOKE_REPORT: join(workDir, 'report.json'),
    SMOKE_DIR: workDir,
  };
  delete env.ELECTRON_RENDERER_URL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', registerFakeElectron, builtFiles.main], {
    cwd: workDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the built main process did not quit within ${runTimeoutMs} ms\n${stderr}`));
    }, runTimeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function call(method: string, nth = 0): CallRecord {
  const record = report.calls.filter((c) => c.method === method)[nth];
  if (!record) throw new Error(`${method} was not called`);
  return record;
}

beforeAll(async () => {
  requireBuild();
  workDir = mkdtempSync(join(tmpdir(), 'balloon-lab-smoke-'));
  exitCode = await runBuiltMain();
  const reportFile = join(workDir, 'report.json');
  if (!existsSync(reportFile)) throw new Error(`no smoke report (exit ${exitCode})\n${stderr}`);
  report = JSON.parse(readFileSync(reportFile, 'utf8')) as SmokeReport;
}, runTimeoutMs + 10_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the built main bundle, run in plain Node with a fake electron', () => {
  it('starts, loads the built page and quits cleanly after shutting the lab down', () => {
    expect(report.errors, stderr).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.loadedUrl).toBe('app://balloon-lab/index.html');
    // Below the 5 s dispose timeout: the LabHost (and its worker) really shut down.
    expect(report.quitMs).toBeLessThan(5000);
  });

  it('registers exactly one handler per contract method and nothing else', () => {
    expect(report.handlers).toEqual(labMethods.map((m) => `lab:${m}`).sort());
    expect(report.otherIpc).toEqual([]);
  });

  it('answers every handler with an envelope', () => {
    for (const method of labMethods) {
      const records = report.calls.filter((c) => c.method === method);
      expect(records.length, method).toBeGreaterThan(0);
      for (const record of records) {
        expect(record.threw, `${method} threw`).toBeUndefined();
        expect(record.envelope, `${method} answered ${JSON.stringify(record)}`).toBe(true);
      }
    }
  });

  it('serves the basic lab: app info, presets, state, a new session and steps', () => {
    expect(call('getAppInfo')).toMatchObject({
      ok: true,
      result: { transport: 'electron', version: '0.0.0-smoke', dataDir: null },
    });
    expect(call('listPresets').ok).toBe(true);
    expect(call('listPresets').result?.length).toBeGreaterThanOrEqual(8);
    expect(call('listPresets').result?.first).toMatchObject({
      id: expect.any(String),
      name: expect.any(String),
    });
    expect(call('getState')).toMatchObject({ ok: true, result: { tick: 0 } });
    expect(call('newSession')).toMatchObject({ ok: true, result: { tick: 0 } });
    expect(call('step')).toMatchObject({ ok: true, result: { tick: 5 } });
    for (const method of [
      'setView',
      'ackFrames',
      'getLog',
      'getHistory',
      'play',
      'pause',
      'reset',
      'getRecovery',
    ]) {
      expect(call(method).ok, `${method}: ${call(method).message}`).toBe(true);
    }
  });

  it('saves to and opens from a path, exports to the folder chosen in the dialog, and a cancelled dialog is null', () => {
    expect(call('saveSession', 0)).toMatchObject({ ok: true, result: { dirty: false } });
    expect(String(call('saveSession', 0).result?.location)).toMatch(/smoke\.balloonlab$/);
    expect(call('saveSession', 1)).toMatchObject({ ok: true, result: null });
    expect(call('openSession', 0)).toMatchObject({ ok: true });
    expect(call('openSession', 1)).toMatchObject({ ok: true, result: null });
    expect(call('exportCsv')).toMatchObject({
      ok: true,
      result: { exportId: expect.any(String), location: expect.stringMatching(/exports$/) },
    });
  });

  it('refuses a foreign frame and a bad payload with typed errors', () => {
    expect(report.untrusted).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(report.badPayload).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('pushes LabHost events to the page', () => {
    expect(Object.keys(report.eventsSent).every((channel) => channel.startsWith('lab:event:'))).toBe(true);
    expect(report.eventsSent['lab:event:frame'] ?? 0).toBeGreaterThan(0);
  });

  it('secures the window and the session', () => {
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(report.webPreferences?.preload)).toMatch(/out\/preload\/index\.cjs$/);
    expect(report.csp).toMatch(
      /^default-src 'none'; script-src app:\/\/balloon-lab; style-src app:\/\/balloon-lab;/,
    );
    expect(report.csp).toContain("frame-ancestors 'none'");
    expect(report.csp).not.toMatch(/unsafe|\*/);
    expect(report.permissionGranted).toBe(false);
  });

  it('serves the page over app:// with its policy as a header, and nothing outside the renderer', () => {
    expect(report.schemes).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }),
      },
    ]);
    expect(report.page).toMatchObject({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      inlineStyles: false,
      scriptStatus: 200,
      scriptType: 'text/javascript; charset=utf-8',
    });
    // The copy the build writes into the page says the same as the header, less frame-ancestors.
    expect(report.page?.metaCsp).toBe(report.csp?.replace("; frame-ancestors 'none'", ''));
    expect(report.outsidePage).toBe(404);
  });

  it('runs the engine as a utility process of its own, its heap bounded', () => {
    expect(report.engineForks.length).toBeGreaterThan(0);
    for (const fork of report.engineForks) {
      expect(fork.modulePath).toMatch(/out\/main\/engine-worker\.mjs$/);
      expect(fork.execArgv).toEqual([expect.stringMatching(/^--max-old-space-size=\d+$/)]);
    }
  });
});
