// `npm run bench`: the engine benchmark in this process, then every other test/bench/*-bench.ts in
// its own child process (each prints its own figures). Name benches to run only those:
// `npm run bench -- engine export`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEngineBench } from './engine-bench';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const wanted = (name: string): boolean => only.length === 0 || only.some((o) => name.startsWith(o));
const failures: string[] = [];

if (wanted('engine')) {
  try {
    runEngineBench();
  } catch (err) {
    failures.push(`engine: ${String(err)}`);
  }
}

for (const file of readdirSync(here).sort()) {
  const name = file.replace(/-bench\.ts$/, '');
  if (!file.endsWith('-bench.ts') || name === 'engine' || !wanted(name)) continue;
  console.log(`\n--- ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) failures.push(`${file}: exit ${run.status}`);
}

if (failures.length > 0) {
  console.log(`\n${failures.length} bench(es) failed:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
