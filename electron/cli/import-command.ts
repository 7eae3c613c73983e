import { InvalidArgumentError, Option, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { isImportError } from '../../core/import/import-error';
import { summaryLines, traceFormats, type TraceFormat } from '../../core/import/import-summary';
import { policyKinds, type PolicyKind } from '../../core/scenario/policy-schema';
import { formatIssues } from '../../core/scenario/parse-scenario';
import { runBudgetIssues } from '../../core/scenario/run-budget';
import { maxHostMemoryMiB } from '../../core/scenario/scenario-limits';
import { machineRunBudget } from '../services/engine/machine-budget';
import { importTracePath } from '../services/import/read-trace-files';
import { CliError, exitCodes } from './cli-errors';
import type { CliIo } from './cli-program';
import { createProgressBar } from './progress-bar';
import { replayFileNames, writeReplayReport } from './replay-report';
import { integerOption } from './run-options';
import { writeImport } from './write-import';

interface ImportFlags {
  out: string;
  format?: TraceFormat;
  hostMib?: number;
  policy?: PolicyKind;
  run?: string;
}

const importHelp = `
Formats (detected from the first line unless --format is given):
  esxtop     esxtop -b batch output (perfmon CSV, with or without -a)
  bitbrains  GWA-T-12 (Bitbrains) per-VM files: one file, or a folder of them (one VM each)
  csv        time_s,vm,memory_mib,demand_mib,active_pct

Examples:
  $ balloon-lab import esxtop-capture.csv --out my-host.json
  $ balloon-lab import fastStorage/ --out bitbrains.json --host-mib 262144 --policy kvm-mom
  $ balloon-lab import esxtop-capture.csv --out my-host.json --run replay/

When an esxtop capture holds the real host's reclamation counters, they are written beside the
scenario (<out>.recorded-vms.csv, <out>.recorded-host.csv); --run <dir> then runs the scenario
and writes ${Object.values(replayFileNames).join(', ')}: recorded and simulated values side by side.
See docs/import.md.`;

function byteBar(
  stream: NodeJS.WriteStream,
): { update(done: number, total: number): void; stop(): void } | null {
  if (stream.isTTY !== true) return null;
  const bar = new SingleBar({
    stream,
    format: 'importing |{bar}| {percentage}% | {value}/{total} MiB | ETA {eta_formatted}',
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  const mib = (bytes: number): number => Math.round(bytes / (1024 * 1024));
  return {
    update(done, total) {
      if (!started) bar.start(Math.max(1, mib(total)), 0);
      started = true;
      bar.update(mib(done));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function choice<T extends string>(name: string, values: readonly T[]): (value: string) => T {
  return (value) => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}, got "${value}"`);
  };
}

/** `balloon-lab import <file|folder> --out scenario.json [--format] [--host-mib] [--policy] [--run dir]`. */
export function addImportCommand(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('turn a real trace (esxtop batch, GWA-T-12 Bitbrains, plain CSV) into a scenario')
    .argument('<trace>', 'trace file, or a folder of GWA-T-12 per-VM files')
    .requiredOption('-o, --out <file>', 'scenario JSON file to write')
    .addOption(
      new Option(
        '--format <format>',
        `trace format (${traceFormats.join(', ')}); default: detected`,
      ).argParser(choice('--format', traceFormats)),
    )
    .option(
      '--host-mib <n>',
      "host memory, MiB (default: the trace's, or the VMs' total)",
      integerOption('--host-mib', 256, maxHostMemoryMiB),
    )
    .addOption(
      new Option('--policy <kind>', `memory policy (${policyKinds.join(', ')}); default esx`).argParser(
        choice('--policy', policyKinds),
      ),
    )
    .option(
      '--run <dir>',
      'then run the scenario and write the recorded-vs-simulated replay report into <dir>',
    )
    .addHelpText('after', importHelp)
    .action(async (source: string, flags: ImportFlags) => {
      const bar = io.progressStream === null ? null : byteBar(io.progressStream);
      let result;
      try {
        result = await importTracePath(source, {
          format: flags.format,
          hostMiB: flags.hostMib,
          policy: flags.policy,
          onProgress: bar === null ? undefined : (done, total) => bar.update(done, total),
        });
      } catch (error) {
        if (isImportError(error))
          throw new CliError(`cannot import ${source}: ${error.message}`, exitCodes.badInput);
        throw error;
      } finally {
        bar?.stop();
      }
      const written = await writeImport(result, flags.out).catch((e: unknown) => {
        throw new CliError(
          `cannot write "${flags.out}": ${e instanceof Error ? e.message : String(e)}`,
          exitCodes.failure,
        );
      });
      for (const line of summaryLines(result.summary)) io.stdout(`${line}\n`);
      io.stdout(`balloon-lab: wrote ${written.join(', ')}\n`);
      if (flags.run === undefined) return;
      if (result.recorded === null) {
        throw new CliError(
          'the trace holds no recorded reclamation counters (Memctl, Swapped, ... MBytes): there is nothing to compare the run with',
          exitCodes.badInput,
        );
      }
      const tooBig = runBudgetIssues(result.scenario, machineRunBudget(false));
      if (tooBig.length > 0)
        throw new CliError(
          `the imported scenario is too big to run on this machine:\n${formatIssues(tooBig)}`,
          exitCodes.badInput,
        );
      const createEngine = await io.loadEngine();
      const progress = io.progressStream === null ? null : createProgressBar(io.progressStream);
      let lines: string[];
      try {
        lines = await writeReplayReport(result.scenario, result.recorded, {
          outDir: flags.run,
          createEngine,
          onProgress: progress === null ? undefined : (done, total) => progress.update(done, total),
        });
      } finally {
        progress?.stop();
      }
      for (const line of lines) io.stdout(`${line}\n`);
      io.stdout(`balloon-lab: wrote the replay report into ${flags.run}\n`);
    });
}
