import { parseSweep } from '../../../core/experiment/sweep-schema';
import type { LabRequestParsed, LabResponses } from '../../../core/lab-api/lab-api-contract';
import { maxLabSweepRuns } from '../../../core/lab-api/sweep-api-contract';
import type { RunBudget } from '../../../core/scenario/run-budget';
import { CliError } from '../../cli/cli-errors';
import { sweepFromDocument, type LoadedSweep } from '../../cli/sweep-load';
import { LabError } from '../lab/lab-error';
import type { SweepBoard } from './sweep-board';
import { checkSweepBase, type SweepFiles, type SweepSource } from './sweep-files';

type SweepMethod =
  | 'openSweep'
  | 'getSweep'
  | 'listSweeps'
  | 'runSweep'
  | 'cancelSweep'
  | 'getSweepResults'
  | 'getSweepRunScenario'
  | 'saveSweepFile'
  | 'listSweepFiles';

export type SweepHandlers = {
  [M in SweepMethod]: (request: LabRequestParsed<M>) => Promise<LabResponses[M]>;
};

/** Refuses, before any point is built, a sweep with more runs than the lab runs. */
function checkRunCount(source: SweepSource): void {
  const parsed = parseSweep(source.document);
  if (!parsed.ok) return; // sweepFromDocument names the fields.
  const { sweep } = parsed;
  const points = sweep.parameters.reduce((n, p) => n * p.values.length, 1);
  const seeds = 'list' in sweep.seeds ? sweep.seeds.list.length : sweep.seeds.count;
  if (points * seeds > maxLabSweepRuns)
    throw new LabError(
      'refused',
      `${source.label}: ${points} points x ${seeds} seeds is ${points * seeds} runs; the lab runs at most ${maxLabSweepRuns}. Sweep fewer values or seeds, or run it with \`npx balloon-lab sweep <file> --out <folder>\` (docs/sweeps.md).`,
    );
}

/**
 * The Sweep view's methods of the lab contract: sweep files, the open sweep, its run in the
 * background (SweepBoard) and its results.
 */
export function createSweepHandlers(
  board: SweepBoard,
  files: SweepFiles,
  options: { dataDir: string | null; runBudget: RunBudget },
): SweepHandlers {
  /** A checked, expanded sweep; a CLI refusal (a field, a point) becomes the lab's. */
  const load = async (document: unknown, label: string, folder: string): Promise<LoadedSweep> => {
    try {
      return await sweepFromDocument(document, label, folder, options.runBudget);
    } catch (e) {
      if (e instanceof CliError) throw new LabError('refused', e.message);
      throw e;
    }
  };
  const openSource = async (source: SweepSource) => {
    checkSweepBase(source, options.dataDir);
    checkRunCount(source);
    return board.openLoaded(await load(source.document, source.label, source.folder ?? '.'));
  };
  return {
    openSweep: async (request) => {
      if ('saved' in request) return board.openSaved(request.saved, load);
      if ('document' in request)
        return openSource({
          document: request.document,
          label: request.fileName ?? 'the sweep',
          folder: null,
        });
      const source = await files.open(request.target);
      return source === null ? null : openSource(source);
    },
    getSweep: () => board.current(load),
    listSweeps: () => board.list(),
    runSweep: async (request) => board.run(request.jobs),
    cancelSweep: () => board.cancel(),
    getSweepResults: async (request) => board.results(request.from),
    getSweepRunScenario: async (request) => ({
      runId: request.runId,
      scenario: board.runScenario(request.runId),
    }),
    saveSweepFile: (request) => files.save(request.document, request.target),
    listSweepFiles: () => files.list(),
  };
}
