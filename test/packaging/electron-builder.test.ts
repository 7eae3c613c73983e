import { listPackage, extractFile, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { fork, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../electron/main/app-paths';
import { repoRoot, requireBuild } from './built-app';

/**
 * `electron-builder --linux dir` against a fake Electron distribution (the real one cannot be
 * downloaded here): an executable named `electron` that carries Electron's fuse wire, so
 * electron-builder packs the asar and flips the fuses exactly as it would for real.
 */

const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults: runAsNode, nodeOptions, inspect and file-protocol privileges on; the rest off.
const electronDefaultWire = '10110001';
// How @electron/fuses stores a fuse: the ASCII digit.
const FuseState = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) } as const;

let workDir: string;
let appDir: string;
let asarPath: string;
let entries: string[];
let builderLog = '';

function fakeElectronDist(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'electron');
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "fake Electron for packaging tests"\n# '),
      Buffer.from(fuseSentinel),
      Buffer.from([1, electronDefaultWire.length]),
      Buffer.from(`${electronDefaultWire}\n`),
    ]),
  );
  chmodSync(file, 0o755);
}

/** Production dependencies of package.json and everything they depend on, by package name. */
function runtimeDependencies(): Set<string> {
  const names = new Set<string>();
  const visit = (name: string): void => {
    if (names.has(name)) return;
    names.add(name);
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'),
    ) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      if (existsSync(join(repoRoot, 'node_modules', dep, 'package.json'))) visit(dep);
    }
  };
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(root.dependencies)) visit(name);
  return names;
}

function packageOf(entry: string): string | null {
  const parts = entry.split('/').filter(Boolean);
  if (parts[0] !== 'node_modules' || parts.length < 2) return null;
  return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
}

beforeAll(() => {
  requireBuild();
  workDir = mkdtempSync(join(tmpdir(), 'balloon-lab-pack-'));
  fakeElectronDist(join(workDir, 'electron-dist'));
  const result = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--projectDir',
      repoRoot,
      `-c.electronDist=${join(workDir, 'electron-dist')}`,
      `-c.directories.output=${join(workDir, 'dist')}`,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: 'true' } },
  );
  builderLog = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0)
    throw new Error(`electron-builder failed (${result.status ?? result.signal}):\n${builderLog}`);
  appDir = join(workDir, 'dist', 'linux-unpacked');
  asarPath = join(appDir, 'resources', 'app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.split(sep).join('/'));
}, 300_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('electron-builder --linux dir', () => {
  it('packs the app into one asar next to the renamed executable', () => {
    expect(existsSync(join(appDir, 'balloon-lab'))).toBe(true);
    expect(existsSync(join(appDir, 'resources', 'app'))).toBe(false);
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/engine-worker.mjs',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(entries).toContain(file);
    }
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as {
      main: string;
      type: string;
    };
    expect(manifest).toMatchObject({ main: 'out/main/index.js', type: 'module' });
  });

  it('holds only built output and runtime dependencies', () => {
    const allowed = runtimeDependencies();
    const stray = entries.filter((entry) => {
      if (entry === '/package.json' || entry === '/out' || entry.startsWith('/out/')) return false;
      if (entry === '/node_modules') return false;
      const pkg = packageOf(entry.slice(1));
      return pkg === null || !allowed.has(pkg);
    });
    expect(stray).toEqual([]);
    expect(entries.some((e) => e.startsWith('/node_modules/zod/'))).toBe(true);
  });

  it('has no sources, tests, source maps or bundled-in devDependencies', () => {
    expect(entries.filter((e) => /\.(ts|tsx|mts|cts|vue|map)$/.test(e))).toEqual([]);
    expect(
      entries.filter((e) => /^\/(core|electron|renderer|test|bin|build|src|\.tmp)(\/|$)/.test(e)),
    ).toEqual([]);
    expect(entries.filter((e) => /\/(test|tests|__tests__)\//.test(e))).toEqual([]);
    for (const devOnly of [
      'vue',
      'chart.js',
      'pinia',
      'vue-chartjs',
      '@tanstack',
      'electron',
      'vite',
      'vitest',
      'electron-builder',
      'typescript',
    ]) {
      expect(
        entries.some((e) => e === `/node_modules/${devOnly}` || e.startsWith(`/node_modules/${devOnly}/`)),
        devOnly,
      ).toBe(false);
    }
  });

  it('flips the Electron fuses in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'balloon-lab'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });
});

/**
 * Starts the engine as a child process of plain Node, which cannot read inside app.asar (as the
 * app's utility process does): 'ready' proves every import is beside it.
 */
function workerReady(file: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the engine sent nothing within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited (code ${code}) before it was ready:\n${stderr}`));
    });
    child.once('message', (message: { kind?: string }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => resolve(String(message.kind)));
      child.kill('SIGKILL');
    });
  });
}

describe('the engine worker of the packaged app', () => {
  // Where the packaged main bundle runs from: import.meta.url of resources/app.asar/out/main/index.js.
  const packagedMainDir = () => join(appDir, 'resources', 'app.asar', 'out', 'main');

  it('is resolved beside app.asar, where electron-builder unpacked it', () => {
    const { workerPath } = appPaths(packagedMainDir(), {}, true);
    expect(workerPath).toBe(
      join(appDir, 'resources', 'app.asar.unpacked', 'out', 'main', 'engine-worker.mjs'),
    );
    expect(existsSync(workerPath)).toBe(true);
    // The archive lists it as unpacked, so Electron's own asar layer agrees on where it is.
    expect(statFile(asarPath, join('out', 'main', 'engine-worker.mjs'))).toMatchObject({ unpacked: true });
  });

  it('starts from there with only the unpacked files (its chunks and runtime packages)', async () => {
    const { workerPath } = appPaths(packagedMainDir(), {}, true);
    await expect(workerReady(workerPath)).resolves.toBe('ready');
  });

  it('keeps the main bundle, preload and page inside the archive', () => {
    for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(statFile(asarPath, join(...file.split('/'))), file).not.toMatchObject({ unpacked: true });
    }
  });
});

describe('electron-builder.yml', () => {
  it('is valid and declares the targets, the file association and the fuses', async () => {
    const config = await getConfig(repoRoot, null, null);
    await validateConfiguration(config, { add: () => undefined } as never);
    expect(config).toMatchObject({
      appId: 'org.balloonlab.app',
      productName: 'Balloon Lab',
      asar: true,
      npmRebuild: false,
      linux: {
        target: ['AppImage', 'deb'],
        category: 'Education',
        maintainer: expect.stringMatching(/<.+@.+>/),
      },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
      fileAssociations: [
        {
          ext: 'balloonlab',
          name: expect.any(String),
          description: expect.any(String),
          mimeType: 'application/x-balloonlab',
        },
      ],
      electronFuses: {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        enableCookieEncryption: true,
      },
    });
  });
});
