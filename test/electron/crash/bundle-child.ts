import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles a child script (TypeScript, importing project sources) into one .mjs so each of
 * the hundreds of children starts in about 0.1 s instead of compiling through tsx.
 */
export async function bundleChild(scriptName: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'balloon-crash-bundle-'));
  const outfile = join(outDir, `${basename(scriptName, '.ts')}.mjs`);
  await build({
    entryPoints: [fileURLToPath(new URL(scriptName, import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
