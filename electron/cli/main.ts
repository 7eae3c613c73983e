import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from './cli-program';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The `balloon-lab` command: returns the exit code for `args` (process.argv without node and script). */
export function main(args: readonly string[]): Promise<number> {
  // `balloon-lab presets | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  return runCli(args, {
    version: packageVersion(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progressStream: process.stderr,
    loadEngine: async () => (await import('../../core/engine/create-engine')).createEngine,
    nowMs: () => performance.now(),
  });
}

// Run directly (`tsx electron/cli/main.ts`, `npm run cli`); bin/balloon-lab.mjs imports main() instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
