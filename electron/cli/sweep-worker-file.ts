import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the sweep worker comes from: the build (plain JS) or the sources through tsx. */
export interface SweepWorkerFile {
  /** file: URL of the module the pool threads load; it exports `runSweepTask`. */
  url: string;
  /** True for the built bundle (out/main/sweep-worker.mjs), false for the tsx entry. */
  built: boolean;
}

/** The sweep worker bundle of `npm run build` (electron.vite.config.ts), relative to the checkout. */
export const builtSweepWorkerPath = 'out/main/sweep-worker.mjs';

/** Source folders the bundle is built from: a newer .ts file there means the build is stale. */
const sourceDirs = ['core', 'electron'];

/** The newest modification time (ms) of a .ts file under `dir`, or 0 when there is none. */
function newestTsMs(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTsMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The module for the sweep pool's threads in the checkout at `rootDir`. The built bundle starts
 * a thread in about 0.1 s; the tsx entry compiles (or reads from tsx's cache) some hundred
 * TypeScript modules in every thread, 0.5 to 3 s each, which `--jobs 2` pays on both cores at
 * once. The bundle is used only while it is at least as new as every .ts file under core/ and
 * electron/: a sweep must never run an engine older than the sources it was planned with.
 */
export function sweepWorkerFile(rootDir: string): SweepWorkerFile {
  const bundle = join(rootDir, builtSweepWorkerPath);
  const builtMs = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (builtMs !== undefined && sourceDirs.every((dir) => newestTsMs(join(rootDir, dir)) <= builtMs))
    return { url: pathToFileURL(bundle).href, built: true };
  return { url: pathToFileURL(join(rootDir, 'electron/cli/sweep-worker-entry.mjs')).href, built: false };
}
