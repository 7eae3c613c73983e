import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (tests here run against its build output). */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export const builtFiles = {
  main: join(repoRoot, 'out', 'main', 'index.js'),
  worker: join(repoRoot, 'out', 'main', 'engine-worker.mjs'),
  serve: join(repoRoot, 'out', 'main', 'serve.js'),
  preload: join(repoRoot, 'out', 'preload', 'index.cjs'),
  renderer: join(repoRoot, 'out', 'renderer', 'index.html'),
} as const;

/** Packaging tests check the build; they do not make it (`npm run test:packaging` builds first). */
export function requireBuild(): void {
  const missing = Object.values(builtFiles).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Build output missing (${missing.join(', ')}): run \`npm run build\` first, or \`npm run test:packaging\`.`,
    );
  }
}
