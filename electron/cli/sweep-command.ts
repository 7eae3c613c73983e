import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import {
  parseShardOption,
  shardEnvironment,
  shardFromEnvironment,
  type SweepShard,
} from '../../core/experiment/sweep-shard';
import { machineRunBudget } from '../services/engine/machine-budget';
import { CliError, exitCodes } from './cli-errors';
import type { CliIo } from './cli-program';
import { integerOption } from './run-options';
import { loadSweep } from './sweep-load';
import { mergeSweeps } from './sweep-merge';
import { sweepOutputNames } from './sweep-output';
import { createSweepPool } from './sweep-pool';
import { createSweepProgressBar } from './sweep-progress';
import { runSweep } from './sweep-run';

/** Most worker threads `--jobs` may ask for. */
export const maxSweepJobs = 256;

const parseJobsOption = integerOption('--jobs', 1, maxSweepJobs);

function parseShardFlag(value: string): string {
  if (value === 'auto') return value;
  const r = parseShardOption(value);
  if (!r.ok) throw new InvalidArgumentError(r.message);
  return value;
}

const sweepHelp = `
Examples:
  $ balloon-lab sweep idle-tax.sweep.json --out sweeps/idle-tax
  $ balloon-lab sweep idle-tax.sweep.json --out shard-\${SLURM_ARRAY_TASK_ID} --shard auto --jobs 4
  $ balloon-lab sweep merge shard-0 shard-1 shard-2 shard-3 --out sweeps/idle-tax

Writes ${sweepOutputNames.results} (one row per run: run_id, point_id, seed, each parameter, the
summary metrics), ${sweepOutputNames.manifest} and ${sweepOutputNames.runs}/<run id>.json into the output folder; with
--traces also ${sweepOutputNames.traces}/<run id>/. Runs already in the folder are not run again, so the same
command resumes an interrupted sweep. --shard auto reads ${shardEnvironment.slurmTaskId} and
${shardEnvironment.slurmTaskCount} (Slurm job array) or ${shardEnvironment.jobCompletionIndex} and ${shardEnvironment.jobCompletions}
(Kubernetes Indexed Job). The sweep file format: docs/sweeps.md.`;

interface SweepFlags {
  out?: string;
  jobs?: number;
  traces?: boolean;
  shard?: string;
}

function requireOut(out: string | undefined): string {
  if (out === undefined)
    throw new CliError("required option '-o, --out <dir>' not specified", exitCodes.badInput);
  return out;
}

function shardOf(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): { shard: SweepShard | null; from: string } {
  if (flag === undefined) return { shard: null, from: '' };
  const r = flag === 'auto' ? shardFromEnvironment(env) : parseShardOption(flag);
  if (!r.ok) throw new CliError(r.message, exitCodes.badInput);
  return { shard: r.shard, from: r.from };
}

/** Adds `balloon-lab sweep` and `balloon-lab sweep merge` to the program. */
export function addSweepCommands(
  program: Command,
  io: CliIo,
  exitCodeHelp: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const sweep = program
    .command('sweep')
    .description('run every point of a parameter sweep on worker threads and write results.csv')
    .argument('<sweep>', 'sweep JSON file (balloon-lab/sweep@1, see docs/sweeps.md)')
    // Not required here: in `sweep merge a b --out x` commander hands --out to `sweep` (see merge).
    .option('-o, --out <dir>', 'output folder (required; created if missing; resumed if it holds this sweep)')
    .option(
      '-j, --jobs <n>',
      'runs at a time, one worker thread each (default: the number of cores)',
      parseJobsOption,
    )
    .option('--traces', "also write each run's host.csv, vms.csv, log.csv and summary.json")
    .option(
      '--shard <i/n|auto>',
      'run only the i-th of n slices of the runs (auto: from Slurm or Kubernetes)',
      parseShardFlag,
    )
    .addHelpText('after', `${sweepHelp}\n${exitCodeHelp}`)
    .action(async (file: string, flags: SweepFlags) => {
      const out = requireOut(flags.out);
      const { shard, from } = shardOf(flags.shard, env);
      const loaded = await loadSweep(file, machineRunBudget(false));
      if (loaded.plan.droppedEvents > 0)
        io.stderr(
          `balloon-lab: note: ${loaded.plan.droppedEvents} scheduled event(s) fall after the end of a point's shorter durationS and are left out (counted over all points)\n`,
        );
      const jobs = flags.jobs ?? availableParallelism();
      const progress = io.progressStream === null ? null : createSweepProgressBar(io.progressStream);
      const startedMs = io.nowMs();
      let report;
      try {
        report = await runSweep(loaded, {
          outDir: out,
          jobs,
          traces: flags.traces === true,
          shard,
          createPool: createSweepPool,
          onProgress: progress === null ? undefined : (done, total) => progress.update(done, total),
        });
      } finally {
        progress?.stop();
      }
      const wallS = ((io.nowMs() - startedMs) / 1000).toFixed(2);
      const slice =
        shard === null
          ? ''
          : ` (slice ${shard.index} of ${shard.count}${flags.shard === 'auto' ? `: ${from}` : ''})`;
      const skipped = report.skipped > 0 ? `, ${report.skipped} already done` : '';
      const threads = report.ran > 0 ? ` on ${Math.min(jobs, report.ran)} thread(s)` : '';
      io.stdout(
        `balloon-lab: swept "${loaded.plan.name}"${slice}: ${report.ran} of ${report.runs} runs in ${wallS} s${threads}${skipped} -> ${out}/${sweepOutputNames.results}\n`,
      );
    });

  sweep
    .command('merge')
    .description("merge the output folders of a sweep's shards into one results.csv")
    .argument('<dirs...>', 'output folders of the shards (from --shard)')
    .option('-o, --out <dir>', 'output folder of the merged sweep (required; may be one of the shards)')
    .addHelpText(
      'after',
      `\nThe merged ${sweepOutputNames.results} is byte for byte what one machine running the whole sweep writes.\nTraces stay in the shards' folders.\n${exitCodeHelp}`,
    )
    .action(async (dirs: string[], _flags: unknown, merge: Command) => {
      const out = requireOut(merge.optsWithGlobals<{ out?: string }>().out);
      const report = await mergeSweeps(dirs, out);
      io.stdout(
        `balloon-lab: merged ${report.runs} runs from ${report.shards} folder(s) -> ${out}/${sweepOutputNames.results}\n`,
      );
    });
}
