import { writeFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import type { Engine } from '../../core/engine/engine-types';
import { presets } from '../../core/presets/presets';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { CliError, exitCodes } from './cli-errors';
import { addImportCommand } from './import-command';
import { loadScenario } from './load-scenario';
import { createProgressBar } from './progress-bar';
import { parseDurationOption, parseEveryOption, parseSeedOption } from './run-options';
import { runScenario, traceFileNames } from './run-scenario';
import { presetDocument } from './scenario-source';
import { addSweepCommands } from './sweep-command';
import { addValidateCommand } from './validate-command';

/** Everything the CLI touches outside its arguments, so tests can drive it in-process. */
export interface CliIo {
  version: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where the progress bar goes (drawn only if it is a terminal); null for none. */
  progressStream: NodeJS.WriteStream | null;
  /** Loaded on first use so `presets` and `--help` never pay for the engine. */
  loadEngine: () => Promise<(scenario: Scenario) => Engine>;
  /** Wall clock for the closing report only; never reaches the output files. */
  nowMs: () => number;
}

const exitCodeHelp = `
Exit codes:
  0  success
  1  failure (a file could not be read or written, the engine failed)
  2  bad input (invalid scenario or JSON, unknown preset, bad option); the reason names the field path`;

const runHelp = `
Examples:
  $ balloon-lab run my-lab.json --out traces/
  $ balloon-lab run preset:basics --out traces/ --seed 7 --duration 600 --every 10

Writes ${Object.values(traceFileNames).join(', ')} into the output folder (files there are replaced).
CSV: RFC 4180, UTF-8, '.' decimals, \\n line ends, header row; cells a spreadsheet would run as a
formula are prefixed with '. Same scenario and seed give byte-identical files.`;

interface RunFlags {
  out: string;
  seed?: number;
  duration?: number;
  every?: number;
}

function buildProgram(io: CliIo): Command {
  const program = new Command()
    .name('balloon-lab')
    .description('Balloon Lab, headless: run hypervisor memory-ballooning scenarios and write CSV traces.')
    .version(io.version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', exitCodeHelp);

  program
    .command('run')
    .description('run a scenario to its end and write host.csv, vms.csv, log.csv and summary.json')
    .argument('<scenario>', 'scenario JSON file, or preset:<id> (see: balloon-lab presets)')
    .requiredOption('-o, --out <dir>', 'output folder (created if missing)')
    .option('--seed <n>', 'seed of the simulation PRNG (overrides the scenario)', parseSeedOption)
    .option(
      '--duration <s>',
      'simulated seconds to run (overrides the scenario; later events are dropped)',
      parseDurationOption,
    )
    .option(
      '--every <s>',
      'trace sample interval in simulated seconds (overrides the scenario)',
      parseEveryOption,
    )
    .addHelpText('after', `${runHelp}\n${exitCodeHelp}`)
    .action(async (source: string, flags: RunFlags) => {
      const loaded = await loadScenario(source, {
        seed: flags.seed,
        durationS: flags.duration,
        sampleEveryS: flags.every,
      });
      for (const note of loaded.notes) io.stderr(`balloon-lab: note: ${note}\n`);
      const createEngine = await io.loadEngine();
      const progress = io.progressStream === null ? null : createProgressBar(io.progressStream);
      const startedMs = io.nowMs();
      let result;
      try {
        result = await runScenario(loaded.scenario, {
          outDir: flags.out,
          createEngine,
          onProgress: progress === null ? undefined : (done, total) => progress.update(done, total),
        });
      } finally {
        progress?.stop();
      }
      const wallS = ((io.nowMs() - startedMs) / 1000).toFixed(2);
      io.stdout(
        `balloon-lab: ran "${loaded.scenario.name}" (seed ${loaded.scenario.seed}): ${result.simulatedS} s simulated in ${wallS} s, ` +
          `${result.samples} samples, ${result.logLines} log lines -> ${flags.out}\n`,
      );
    });

  program
    .command('presets')
    .description('list the built-in presets with what each one teaches')
    .action(() => {
      const width = Math.max(...presets.map((p) => p.id.length));
      for (const p of presets) io.stdout(`${p.id.padEnd(width)}  ${p.summary}\n`);
    });

  program
    .command('preset')
    .description("print a preset's scenario JSON (or write it to a file) to start your own lab from")
    .argument('<id>', 'preset id (see: balloon-lab presets)')
    .option('-o, --out <file>', 'write the scenario to this file instead of stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ balloon-lab preset basics --out my-lab.json && balloon-lab run my-lab.json --out traces/',
    )
    .action(async (id: string, flags: { out?: string }) => {
      const json = `${JSON.stringify(presetDocument(id), null, 2)}\n`;
      if (flags.out === undefined) {
        io.stdout(json);
        return;
      }
      try {
        await writeFile(flags.out, json, 'utf8');
      } catch (e) {
        throw new CliError(
          `cannot write "${flags.out}": ${e instanceof Error ? e.message : String(e)}`,
          exitCodes.failure,
        );
      }
    });

  addImportCommand(program, io);

  addSweepCommands(program, io, exitCodeHelp);

  addValidateCommand(program, io);

  return program;
}

function isRequestedHelp(e: CommanderError): boolean {
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return true;
  return e.code === 'commander.help' && e.exitCode === 0;
}

/** Runs `balloon-lab <args>` and returns the exit code. Never exits the process itself. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    // A bare `balloon-lab` asks what the tool can do: the help, on stdout, as a success.
    await program.parseAsync(args.length === 0 ? ['--help'] : [...args], { from: 'user' });
    return exitCodes.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed help, the version or the usage error. Help asked for
      // (`--help`, `help`, `help run`) is a success; help shown because of an error is not.
      return isRequestedHelp(e) ? exitCodes.ok : exitCodes.badInput;
    }
    if (e instanceof CliError) {
      io.stderr(`balloon-lab: ${e.message}\n`);
      return e.exitCode;
    }
    // File-system errors explain themselves (code, path); anything else is a bug worth its stack.
    const systemError = e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
    io.stderr(
      `balloon-lab: failed: ${e instanceof Error ? (systemError ? e.message : (e.stack ?? e.message)) : String(e)}\n`,
    );
    return exitCodes.failure;
  }
}
