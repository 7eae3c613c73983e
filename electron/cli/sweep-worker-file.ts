import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** The module the bundle is built from (electron.vite.config.ts), relative to the checkout. */
const workerSourcePath = 'electron/cli/sweep-worker.ts';

/**
 * Relative specifiers of a TypeScript file's imports: `from '...'` (imports, type imports and
 * re-exports, over several lines too), `import '...'` and `import('...')`. Package imports are
 * not sources of the checkout. A match inside a comment only adds a file to look at.
 */
const importPattern = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The .ts file `specifier` names from `fromFile` (`./x`, `./x.ts`, `./x.js`, `./x/index.ts`), or null for none. */
function resolveSource(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = base.endsWith('.ts')
    ? [base]
    : [`${base}.ts`, base.replace(/\.m?js$/, '.ts'), join(base, 'index.ts')];
  return candidates.find((path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true) ?? null;
}

/**
 * The newest modification time (ms) of `entry` and of every TypeScript file it imports,
 * directly or through others: the sources a bundle of `entry` is built from. 0 when `entry`
 * is missing; files that cannot be read are skipped.
 */
function newestSourceMs(entry: string): number {
  const seen = new Set([entry]);
  const queue = [entry];
  let newest = 0;
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    let text: string;
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [, specifier] of text.matchAll(importPattern)) {
      const source = resolveSource(file, specifier!);
      if (source !== null && !seen.has(source)) {
        seen.add(source);
        queue.push(source);
      }
    }
  }
  return newest;
}

/**
 * The module for the sweep pool's threads in the checkout at `rootDir`. The built bundle starts
 * a thread in about 0.1 s; the tsx entry compiles (or reads from tsx's cache) some hundred
 * TypeScript modules in every thread, 0.5 to 3 s each, which `--jobs 2` pays on both cores at
 * once. The bundle is used only while it is at least as new as the worker's source and every
 * .ts file it imports, directly or through others: a sweep must never run an engine older than
 * the sources it was planned with. An edit to a file the worker does not import (the app's
 * services, its session code) leaves the bundle in use.
 */
export function sweepWorkerFile(rootDir: string): SweepWorkerFile {
  const bundle = join(rootDir, builtSweepWorkerPath);
  const builtMs = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (builtMs !== undefined && newestSourceMs(join(rootDir, workerSourcePath)) <= builtMs)
    return { url: pathToFileURL(bundle).href, built: true };
  return { url: pathToFileURL(join(rootDir, 'electron/cli/sweep-worker-entry.mjs')).href, built: false };
}
