// Benchmark: a sweep of 64 one-hour `basics` runs with --jobs 2 against --jobs 1, each as the
// user runs it (`balloon-lab sweep`, a process of its own, worker threads included).
// Run: npx tsx test/bench/sweep-bench.ts [--runs N]. Targets (issue 11), on a 2-core machine:
// --jobs 2 at least 1.7x faster than --jobs 1, and under 40 s. Build first (`npm run build`): the
// command's threads load the built worker when it is up to date, else the sources through tsx
// (electron/cli/sweep-worker-file.ts); the bench prints which one ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepSchemaId } from '../../core/experiment/sweep-schema';
import { builtSweepWorkerPath, sweepWorkerFile } from '../../electron/cli/sweep-worker-file';
import { Scorecard } from './bench-verdict';

const targetSpeedUp = 1.7;
const targetJobs2S = 40;

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 64;
const self = fileURLToPath(import.meta.url);

/**
 * Runs the sweep with `jobs` threads into a fresh folder in a child process (the CLI as a user
 * starts it, worker threads included): wall seconds from spawn to exit, the CPU seconds of all
 * its threads, the machine's 1-minute load average when it started and ended (others' work
 * on a shared machine shows there, and slows both modes), and results.csv.
 */
function sweepWith(
  folder: string,
  jobs: number,
): { wallS: number; cpuS: number; builtWorker: boolean; csv: string; load: string } {
  const loadBefore = loadavg()[0]!;
  const out = join(folder, `jobs-${jobs}`);
  const sweep = join(folder, 'bench.sweep.json');
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', sweep, out, String(jobs)], {
    encoding: 'utf8',
  });
  const wallS = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`balloon-lab sweep --jobs ${jobs} failed with status ${run.status}`);
  }
  const last = JSON.parse(run.stdout.trim().split('\n').pop()!) as { cpuS: number; builtWorker: boolean };
  const load = `load ${loadBefore.toFixed(2)} to ${loadavg()[0]!.toFixed(2)}`;
  return { wallS, ...last, csv: readFileSync(join(out, 'results.csv'), 'utf8'), load };
}

/**
 * The child: `balloon-lab sweep <sweep> --out <out> --jobs <jobs>`, then its CPU time and whether
 * its threads loaded the built worker on stdout.
 */
async function child(sweep: string, out: string, jobs: string): Promise<void> {
  const builtWorker = sweepWorkerFile(fileURLToPath(new URL('../..', import.meta.url))).built;
  const { main } = await import('../../electron/cli/main');
  const code = await main(['sweep', sweep, '--out', out, '--jobs', jobs]);
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuS: (user + system) / 1e6, builtWorker })}\n`);
  process.exitCode = code;
}

if (args[0] === '--child') await child(args[1]!, args[2]!, args[3]!);
else await parent();

async function parent(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'balloon-sweep-bench-'));
  try {
    writeFileSync(
      join(folder, 'bench.sweep.json'),
      JSON.stringify({
        schema: sweepSchemaId,
        name: 'bench',
        base: 'preset:basics',
        seeds: { count: runs, from: 1 },
      }),
    );
    const one = sweepWith(folder, 1);
    const two = sweepWith(folder, 2);
    const speedUp = one.wallS / two.wallS;
    const card = new Scorecard();
    console.log(`sweep-bench: ${runs} one-hour basics runs, ${availableParallelism()} cores`);
    const worker = (r: { builtWorker: boolean }): string =>
      r.builtWorker ? builtSweepWorkerPath : 'the sources through tsx (no up-to-date build: npm run build)';
    console.log(`  worker      --jobs 1: ${worker(one)}; --jobs 2: ${worker(two)}`);
    // CPU seconds over wall seconds: the cores the sweep got. Below 2 with --jobs 2 means the
    // machine was busy with something else, not that the threads waited on each other.
    const cores = (r: { wallS: number; cpuS: number }) => (r.cpuS / r.wallS).toFixed(2);
    console.log(
      `  --jobs 1    ${one.wallS.toFixed(2)} s (${(one.wallS / runs).toFixed(3)} s per run; ${one.cpuS.toFixed(1)} CPU s, ${cores(one)} cores busy; ${one.load})`,
    );
    console.log(
      `  --jobs 2    ${two.wallS.toFixed(2)} s (${two.cpuS.toFixed(1)} CPU s, ${cores(two)} cores busy; ${two.load})   ${card.check('sweep --jobs 2 wall time (s)', two.wallS, '<', targetJobs2S, 's')}`,
    );
    console.log(
      `  speed-up    ${speedUp.toFixed(2)}x   ${card.check('sweep speed-up, --jobs 2 over --jobs 1', speedUp, '>=', targetSpeedUp, 'x')}`,
    );
    console.log(
      `  results     ${card.expect('sweep results.csv with --jobs 1 and 2', one.csv === two.csv, 'byte-identical')}`,
    );
    console.log(card.summary('sweep-bench'));
    if (card.missed.length > 0) process.exitCode = 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
