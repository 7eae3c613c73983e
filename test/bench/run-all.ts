// `npm run bench`: the engine benchmark in this process, then every other test/bench/*-bench.ts in
// its own child process (each prints its figures with a verdict, OK or MISSED, against its target,
// and exits non-zero when one misses). Name benches to run only those: `npm run bench -- engine export`.
// Exits non-zero when any figure missed its target or a bench failed.
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
    const card = runEngineBench();
    if (card.missed.length > 0) failures.push(`engine-bench.ts: ${card.missed.length} figure(s) MISSED`);
  } catch (err) {
    failures.push(`engine: ${String(err)}`);
  }
}

for (const file of readdirSync(here).sort()) {
  const name = file.replace(/-bench\.ts$/, '');
  if (!file.endsWith('-bench.ts') || name === 'engine' || !wanted(name)) continue;
  console.log(`\n--- ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0)
    failures.push(`${file}: exit ${run.status ?? run.signal} (a figure MISSED or the bench failed)`);
}

if (failures.length > 0) {
  console.log(`\n${failures.length} bench(es) MISSED a target or failed:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('\nevery figure met its target');
}
