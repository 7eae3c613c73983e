import { comparisonSchemaId, maxRunLabelChars } from '../../../core/experiment/comparison-file';
import { scenarioUnderEveryPolicy } from '../../../core/experiment/every-policy';
import type { LabRequestParsed, LabResponses } from '../../../core/lab-api/lab-api-contract';
import { getPreset } from '../../../core/presets/presets';
import { isSessionError } from '../../../core/session/session-error';
import { checkSessionPath, sessionPathInDataDir } from '../lab/data-folder';
import { LabError } from '../lab/lab-error';
import { presetScenario, scenarioOrThrow } from '../lab/lab-scenarios';
import type { LabRuntime } from '../lab/lab-runtime';
import { readSessionFile } from '../session/session-file';
import type { CompareBoard } from './compare-board';
import type { ComparisonFiles } from './comparison-files';
import type { PinnedRunSource } from './pinned-run';

type CompareMethod =
  | 'pinRun'
  | 'unpinRun'
  | 'clearPins'
  | 'listPins'
  | 'getPinnedHistory'
  | 'getPinnedMap'
  | 'compareAllPolicies'
  | 'saveComparison'
  | 'openComparison'
  | 'listComparisons';

export type CompareHandlers = {
  [M in CompareMethod]: (request: LabRequestParsed<M>) => Promise<LabResponses[M]>;
};

function label(text: string): string {
  return text.trim().slice(0, maxRunLabelChars) || 'run';
}

/** A saved session as a pinned run: bridge names stay in the data folder, Electron asks. */
async function sessionSource(rt: LabRuntime, target: string | undefined): Promise<PinnedRunSource | null> {
  const { dataDir, fileChooser } = rt.options;
  let path: string;
  if (dataDir !== null) {
    if (target === undefined)
      throw new LabError('bad-request', 'name the session to pin (listSessions shows them)');
    path = sessionPathInDataDir(dataDir, target).path;
  } else {
    const chosen = target ?? (await fileChooser?.chooseSessionToOpen());
    if (chosen === undefined)
      throw new LabError('bad-request', 'this transport has no file dialogs: pass a target');
    if (chosen === null) return null;
    path = checkSessionPath(chosen);
  }
  try {
    const doc = await readSessionFile(path, dataDir === null ? {} : { within: dataDir });
    return { label: label(doc.name), scenario: doc.scenario, interventions: doc.interventions };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new LabError('not-found', `There is no session "${target}".`);
    if (isSessionError(error))
      throw new LabError('refused', `That session cannot be pinned: ${error.message}`);
    throw error;
  }
}

/** The compare methods of the lab contract (pinned runs, every-policy runs, comparison files). */
export function createCompareHandlers(
  rt: LabRuntime,
  board: CompareBoard,
  files: ComparisonFiles,
): CompareHandlers {
  return {
    pinRun: async (request) => {
      if ('current' in request) {
        const session = rt.requireSession();
        return board.pin({
          label: label(session.name),
          scenario: session.scenario,
          interventions: session.interventions,
        });
      }
      if ('presetId' in request) {
        const scenario = presetScenario(request.presetId);
        return board.pin({
          label: label(getPreset(request.presetId)?.name ?? scenario.name),
          scenario,
          interventions: [],
        });
      }
      if ('scenario' in request) {
        const scenario = scenarioOrThrow(request.scenario);
        return board.pin({ label: label(scenario.name), scenario, interventions: [] });
      }
      const source = await sessionSource(rt, request.target);
      return source === null ? board.list() : board.pin(source);
    },
    unpinRun: (request) => board.unpin(request.id),
    clearPins: () => board.clear(),
    listPins: async () => board.list(),
    getPinnedHistory: async (request) => board.history(request.id, request.maxPoints),
    getPinnedMap: async (request) => board.mapAt(request.id, request.timeS),
    compareAllPolicies: () => {
      const scenario = rt.requireSession().scenario;
      return board.replaceAll(
        scenarioUnderEveryPolicy(scenario).map((r) => ({
          label: label(`${scenario.name} · ${r.kind}`),
          scenario: r.scenario,
          interventions: [],
        })),
      );
    },
    saveComparison: async (request) => {
      const savedIso = new Date().toISOString();
      const name = request.name ?? `${rt.requireSession().name} comparison`;
      return files.save(
        {
          schema: comparisonSchemaId,
          savedIso,
          name,
          runs: board.documents(savedIso, rt.options.appVersion),
        },
        request.target,
      );
    },
    openComparison: async (request) => {
      const opened = await files.open(request.target);
      if (opened === null) return null;
      return board.replaceAll(
        opened.doc.runs.map((r) => ({
          label: r.label,
          scenario: r.session.scenario,
          interventions: r.session.interventions,
        })),
      );
    },
    listComparisons: () => files.list(),
  };
}
