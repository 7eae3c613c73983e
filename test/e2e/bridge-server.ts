// Starts the browser bridge (`node out/main/serve.js`) for end-to-end tests and benchmarks,
// building first when the build is missing or older than the sources.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
const serveScript = join(repoRoot, 'out', 'main', 'serve.js');
const rendererIndex = join(repoRoot, 'out', 'renderer', 'index.html');

/** Debian's Chromium: Playwright never downloads a browser here. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  });
  const path = found.stdout.trim().split('\n')[0];
  if (!path) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return path;
}

/** Flags for a headless Chromium on a machine without network or GPU. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds with electron-vite unless out/ is newer than every source file. */
export function ensureBuilt(): void {
  if (process.env.BALLOON_LAB_SKIP_BUILD === '1' && existsSync(serveScript)) return;
  const builtAt =
    existsSync(serveScript) && existsSync(rendererIndex)
      ? Math.min(statSync(serveScript).mtimeMs, statSync(rendererIndex).mtimeMs)
      : 0;
  const sourcesAt = Math.max(
    ...['core', 'electron', 'renderer'].map((d) => newestMtimeMs(join(repoRoot, d))),
  );
  if (builtAt > sourcesAt) return;
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build failed (exit ${r.status ?? r.signal})`);
}

export interface Bridge {
  /** http://127.0.0.1:<port>/?token=<hex> */
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The URL the bridge prints when it is listening. */
export const bridgeUrlPattern = /https?:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/;

/** Where a benchmark runs the bridge from: a private copy of the build, Node flags (--cpu-prof). */
export interface BridgeOptions {
  serveScript?: string;
  nodeArgs?: readonly string[];
}

/** Starts the bridge on a free port with `dataDir` for sessions and exports; resolves with its URL. */
export function startBridge(
  dataDir: string,
  timeoutMs = 60_000,
  options: BridgeOptions = {},
): Promise<Bridge> {
  const script = options.serveScript ?? serveScript;
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), script, '--port', '0', '--data', dataDir],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let output = '';
  return new Promise<Bridge>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`bridge printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (process.env.BALLOON_LAB_E2E_VERBOSE === '1') process.stderr.write(chunk);
      const match = bridgeUrlPattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining so a chatty bridge never blocks on a full pipe.
      child.stdout?.on('data', () => undefined);
      child.stderr?.on('data', () => undefined);
      resolve({
        url: match[0],
        dataDir,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (process.env.BALLOON_LAB_E2E_VERBOSE === '1') process.stderr.write(chunk);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bridge exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
}
