import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary, installFailureReason } from '../../scripts/electron-binary.mjs';
import {
  closedPort,
  electronVersion,
  fakeElectronZip,
  makeProject,
  platformPath,
  startMirror,
  type Mirror,
} from './fake-electron-release';

/**
 * `npm start` (scripts/start-desktop.mjs) on a fresh clone: Electron's own installer fetches a
 * stand-in Electron from a local mirror once, then the launcher starts it on the project; offline
 * or on a failed download it prints one line and exits non-zero.
 */

interface Started {
  code: number | null;
  stdout: string;
  stderr: string;
  report: { args: string[]; runAsNode: string | null } | null;
}

let workDir: string;
let zip: Buffer;
const mirrors: Mirror[] = [];

/** The environment of a user's shell: no leftovers of ours or of npm's electron settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(electron_|npm_config_electron|npm_package_config_electron)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', ...extra };
}

function start(project: string, args: string[], env: Record<string, string>): Promise<Started> {
  const reportFile = join(project, 'report.json');
  rmSync(reportFile, { force: true });
  const child = spawn(process.execPath, [join(project, 'scripts', 'start-desktop.mjs'), ...args], {
    cwd: project,
    env: cleanEnv({
      electron_config_cache: join(project, 'electron-cache'),
      // The stand-in's checksum comes from the mirror, not from the electron package's checksums.json.
      electron_use_remote_checksums: '1',
      ELECTRON_GET_NO_PROGRESS: '1',
      FAKE_LAB_REPORT: reportFile,
      INIT_CWD: join(project, 'sessions'),
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the launcher did not finish within 120 s\n${stdout}\n${stderr}`));
    }, 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const report = existsSync(reportFile)
        ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Started['report'])
        : null;
      resolve({ code, stdout, stderr, report });
    });
  });
}

function freshProject(name: string): string {
  return makeProject(join(workDir, name));
}

async function mirror(options: Parameters<typeof startMirror>[0] = {}): Promise<Mirror> {
  const started = await startMirror(options);
  mirrors.push(started);
  return started;
}

/** One line on stderr, no stack trace anywhere, nothing left installed. */
function expectOneLineFailure(result: Started, project: string, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at /m);
  expect(result.report).toBeNull();
  expect(existsSync(join(project, 'node_modules', 'electron', 'path.txt'))).toBe(false);
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'balloon-lab-start-'));
  zip = fakeElectronZip();
});

afterEach(async () => {
  await Promise.all(mirrors.splice(0).map((m) => m.close()));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('npm start on a fresh clone', () => {
  it("downloads Electron once with Electron's installer, then opens the app on the project", async () => {
    const project = freshProject('online');
    const site = await mirror({ zip });
    const env = { ELECTRON_MIRROR: site.url, ELECTRON_RUN_AS_NODE: '1', FAKE_LAB_EXIT: '0' };

    const first = await start(project, ['--no-build', 'lab.balloonlab'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Downloading Electron ${electronVersion}`);
    // "Electron" got the project folder and the session file, resolved where the user typed the command.
    expect(first.report).toEqual({ args: [join(project, 'sessions', 'lab.balloonlab')], runAsNode: null });
    expect(readFileSync(join(project, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe(platformPath);
    expect(site.requests.filter((r) => r.endsWith('.zip'))).toHaveLength(1);

    const again = await start(project, ['--no-build'], { ...env, FAKE_LAB_EXIT: '3' });
    expect(again.stdout).not.toContain('Downloading');
    expect(again.report).toEqual({ args: [], runAsNode: null });
    // The app's exit code is the launcher's.
    expect(again.code).toBe(3);
    expect(site.requests.filter((r) => r.endsWith('.zip'))).toHaveLength(1);
  });

  it('offline: one line naming what is missing and the command that fixes it, exit 1', async () => {
    const project = freshProject('offline');
    const result = await start(project, ['--no-build'], {
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
    });
    expectOneLineFailure(
      result,
      project,
      new RegExp(
        `^balloon-lab: the Electron ${electronVersion.replace(/\./g, '\\.')} binary is missing and its download failed \\(.+\\); when online, run \`npx install-electron\`\\n$`,
      ),
    );
  });

  it('a mirror without the release: the same one line, with the HTTP status', async () => {
    const project = freshProject('not-found');
    const site = await mirror();
    const result = await start(project, ['--no-build'], { ELECTRON_MIRROR: site.url });
    expectOneLineFailure(
      result,
      project,
      /download failed \(.*404.*\); when online, run `npx install-electron`/,
    );
  });

  it('a download that does not match its checksum is not installed', async () => {
    const project = freshProject('bad-checksum');
    const site = await mirror({ zip, shasum: '0'.repeat(64) });
    const result = await start(project, ['--no-build'], { ELECTRON_MIRROR: site.url });
    expectOneLineFailure(result, project, /download failed \(.+\); when online, run `npx install-electron`/);
    expect(existsSync(join(project, 'node_modules', 'electron', 'dist', platformPath))).toBe(false);
  });
});

describe('npm start with ELECTRON_OVERRIDE_DIST_PATH', () => {
  it('starts the Electron found there and downloads nothing', async () => {
    const project = freshProject('override');
    // Install the stand-in once elsewhere, then point the override at its dist folder.
    const elsewhere = freshProject('override-source');
    const site = await mirror({ zip });
    expect((await start(elsewhere, ['--no-build'], { ELECTRON_MIRROR: site.url })).code).toBe(0);
    const requestsBefore = site.requests.length;
    const result = await start(project, ['--no-build'], {
      ELECTRON_MIRROR: site.url,
      ELECTRON_OVERRIDE_DIST_PATH: join(elsewhere, 'node_modules', 'electron', 'dist'),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.report).toEqual({ args: [], runAsNode: null });
    expect(site.requests.length).toBe(requestsBefore);
    expect(existsSync(join(project, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });

  it('refuses a folder without Electron in one line', async () => {
    const project = freshProject('override-empty');
    const empty = join(workDir, 'empty-dist');
    mkdirSync(empty, { recursive: true });
    const result = await start(project, ['--no-build'], { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expectOneLineFailure(
      result,
      project,
      /ELECTRON_OVERRIDE_DIST_PATH points at .*: run `unset ELECTRON_OVERRIDE_DIST_PATH`/,
    );
  });
});

describe('launcher arguments', () => {
  it('refuses unknown options, too many or too long arguments with exit 2 and one line', async () => {
    const project = freshProject('args');
    for (const args of [['--bogus'], Array.from({ length: 17 }, (_, i) => `f${i}`), ['x'.repeat(5000)]]) {
      const result = await start(project, args, {});
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^balloon-lab: .*usage: npm start/);
      expect(result.report).toBeNull();
    }
  });

  it('refuses --no-build when there is no build', async () => {
    const project = freshProject('no-build');
    rmSync(join(project, 'out'), { recursive: true });
    const site = await mirror({ zip });
    const result = await start(project, ['--no-build'], { ELECTRON_MIRROR: site.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'balloon-lab: there is no build in out/: run `npm start` without --no-build\n',
    );
    expect(result.report).toBeNull();
  });
});

describe('findElectronBinary', () => {
  it('trusts path.txt only when it names this platform, with a matching dist/version', () => {
    const project = freshProject('probe');
    const electronDir = join(project, 'node_modules', 'electron');
    const probe = () => findElectronBinary({ fromDir: join(project, 'scripts'), env: {} });
    expect(probe()).toMatchObject({ state: 'missing', fix: 'npx install-electron' });
    mkdirSync(join(electronDir, 'dist'), { recursive: true });
    writeFileSync(join(electronDir, 'dist', platformPath.split('/')[0]!), 'x');
    writeFileSync(join(electronDir, 'dist', 'version'), `v${electronVersion}`);
    writeFileSync(join(electronDir, 'path.txt'), '../../../../bin/sh');
    expect(probe().state).toBe('missing');
    if (!platformPath.includes('/')) {
      writeFileSync(join(electronDir, 'path.txt'), platformPath);
      expect(probe()).toMatchObject({
        state: 'installed',
        executablePath: join(electronDir, 'dist', platformPath),
      });
      writeFileSync(join(electronDir, 'dist', 'version'), 'v1.0.0');
      expect(probe().state).toBe('missing');
    }
  });

  it('names the fix when the package or the platform is missing', () => {
    expect(findElectronBinary({ fromDir: tmpdir(), env: {} })).toMatchObject({
      state: 'no-package',
      fix: 'npm ci',
    });
    expect(findElectronBinary({ platform: 'aix', env: {} })).toMatchObject({
      state: 'unsupported',
      fix: 'npm run serve',
    });
  });
});

describe('installFailureReason', () => {
  it('keeps the last error message of the installer, without its stack, on one bounded line', () => {
    const output = [
      'Downloading...',
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:14976:13',
      '    at async FetchDownloader.download (file:///x.js:46:30)',
    ].join('\n');
    expect(installFailureReason(output)).toBe('TypeError: fetch failed');
    expect(installFailureReason('HTTPError: Response code 404\u001b[31m\r\n')).toBe(
      'HTTPError: Response code 404 [31m',
    );
    expect(installFailureReason(`Error: ${'y'.repeat(5000)}`)).toHaveLength(160);
    expect(installFailureReason('')).toBe('');
  });
});
