import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import type {
  ExperimentResult,
  ValidationExperiment,
  ValidationReport,
} from '../../core/validation/validation-types';
import { CliError, exitCodes } from './cli-errors';
import type { CliIo } from './cli-program';

const validateHelp = `
Examples:
  $ balloon-lab validate
  $ balloon-lab validate --out validation.html
  $ balloon-lab validate --json > validation.json

Runs the published experiments (minFree, shares and the idle memory tax, sampling error,
balloon rates and cap, compression cache, ballooned vs configured, balloon vs swap, page
sharing, the guest-cost curves, each policy's rule) and compares each with its published value.
Exit codes: 0 every experiment passes, 1 at least one fails (or the report cannot be written),
2 bad option.`;

interface ValidateFlags {
  out?: string;
  json?: boolean;
}

/** A bar per experiment on a terminal; nothing on a pipe. */
function experimentBar(stream: NodeJS.WriteStream | null, total: number) {
  if (stream === null || stream.isTTY !== true) return null;
  const bar = new SingleBar({
    stream,
    format: 'validating |{bar}| {value}/{total} experiments | {experiment}',
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0, { experiment: '' });
  return bar;
}

function resultLine(r: ExperimentResult, idWidth: number): string {
  const verdict = r.passed ? 'pass' : 'FAIL';
  const why = r.error !== null ? `: ${r.error}` : '';
  return `${verdict}  ${r.id.padEnd(idWidth)}  ${r.title}${why}\n`;
}

/** The published experiments, loaded on first use so other commands never pay for the engine. */
export async function publishedExperiments(): Promise<readonly ValidationExperiment[]> {
  return (await import('../../core/validation/validation-experiments')).validationExperiments;
}

/** Runs every experiment, yielding to the event loop between them so the bar can draw. */
async function runAll(
  io: CliIo,
  validationExperiments: readonly ValidationExperiment[],
  quiet: boolean,
): Promise<ValidationReport> {
  const { runExperiment, validationReport } = await import('../../core/validation/run-validation');
  const bar = experimentBar(io.progressStream, validationExperiments.length);
  const idWidth = Math.max(...validationExperiments.map((e) => e.id.length));
  const results: ExperimentResult[] = [];
  try {
    for (const experiment of validationExperiments) {
      bar?.update(results.length, { experiment: experiment.title });
      await new Promise((resolve) => setImmediate(resolve));
      const result = runExperiment(experiment);
      results.push(result);
      if (!quiet) {
        // A line under a live bar would be overwritten by it: the bar is cleared first.
        bar?.stop();
        io.stdout(resultLine(result, idWidth));
        if (bar !== null && results.length < validationExperiments.length)
          bar.start(validationExperiments.length, results.length, { experiment: '' });
      }
    }
    bar?.update(results.length);
  } finally {
    bar?.stop();
  }
  return validationReport(results);
}

/**
 * `balloon-lab validate`: the model against published numbers, as a report and an exit code.
 * `loadExperiments` is what it runs (tests pass a small list).
 */
export function addValidateCommand(
  program: Command,
  io: CliIo,
  loadExperiments: () => Promise<readonly ValidationExperiment[]> = publishedExperiments,
): void {
  program
    .command('validate')
    .description('run the published experiments and report the model against them (HTML or JSON)')
    .option('-o, --out <file>', 'write the self-contained HTML report to this file')
    .option('--json', 'print the report as JSON on stdout instead of one line per experiment')
    .addHelpText('after', validateHelp)
    .action(async (flags: ValidateFlags) => {
      const json = flags.json === true;
      const startedMs = io.nowMs();
      const report = await runAll(io, await loadExperiments(), json);
      if (flags.out !== undefined) {
        const { validationReportHtml } = await import('../../core/validation/report-html');
        try {
          await writeFileAtomic(flags.out, validationReportHtml(report), 'utf8');
        } catch (e) {
          throw new CliError(
            `cannot write "${flags.out}": ${e instanceof Error ? e.message : String(e)}`,
            exitCodes.failure,
          );
        }
      }
      const failed = report.results.filter((r) => !r.passed);
      if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const wallS = ((io.nowMs() - startedMs) / 1000).toFixed(1);
        io.stdout(
          `balloon-lab: ${report.results.length - failed.length} of ${report.results.length} experiments pass ` +
            `(engine ${report.engineVersion}, ${wallS} s)${flags.out === undefined ? '' : ` -> ${flags.out}`}\n`,
        );
      }
      if (failed.length > 0) {
        throw new CliError(
          `${failed.length} experiment${failed.length === 1 ? '' : 's'} failed: ${failed.map((r) => r.id).join(', ')}`,
          exitCodes.failure,
        );
      }
    });
}
