import { parseScenario } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { describeError } from '../api/describe-error';
import { toSafeName } from '../logic/safe-name';
import { useLabStore } from '../stores/lab-store';
import { useNoticeStore } from '../stores/notice-store';
import { useUiStore } from '../stores/ui-store';

/** Largest scenario file the lab reads (the biggest preset is a few KiB; traces stay well below). */
export const maxScenarioFileBytes = 4 * 1024 * 1024;
/** Issues a refusal lists before "and N more". */
const shownIssues = 4;

/** What reading a scenario file found: the document, or why it cannot be used. */
export type ScenarioFileResult = { ok: true; document: unknown } | { ok: false; reason: string };

/** Checks a file's name, size and JSON before anything is sent to the lab. */
export async function readScenarioFile(
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<ScenarioFileResult> {
  if (!/\.json$/i.test(file.name))
    return { ok: false, reason: `${file.name} is not a scenario: scenario files end in .json.` };
  if (file.size > maxScenarioFileBytes)
    return {
      ok: false,
      reason: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; a scenario file may be at most ${maxScenarioFileBytes / 1024 / 1024} MiB.`,
    };
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { ok: false, reason: `${file.name} could not be read: ${describeError(error)}` };
  }
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      reason: `${file.name} is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`,
    };
  }
}

/** Why a scenario document is refused, field by field, in one paragraph. */
export function scenarioProblems(fileName: string, document: unknown): string | null {
  const parsed = parseScenario(document);
  if (parsed.ok) return null;
  const listed = parsed.issues.slice(0, shownIssues).map((i) => `${i.path} ${i.message}`);
  const more = parsed.issues.length - listed.length;
  return `${fileName} is not a valid scenario: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

/**
 * Opens a scenario file as a new session (asking first if the current one has unsaved
 * changes) and shows the editor, or says in a notice why the file cannot be used.
 */
export async function importScenarioFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<boolean> {
  const notices = useNoticeStore();
  const read = await readScenarioFile(file);
  if (!read.ok) {
    notices.push('error', read.reason);
    return false;
  }
  const problems = scenarioProblems(file.name, read.document);
  if (problems !== null) {
    notices.push('error', problems);
    return false;
  }
  try {
    const state = await useLabStore().newFromScenario(read.document, `opening ${file.name}`);
    if (state === null) return false;
    useUiStore().lowerTab = 'scenario';
    notices.push('info', `Opened the scenario ${file.name} as a new lab.`);
    return true;
  } catch (error) {
    notices.push('error', `${file.name} could not be opened: ${describeError(error)}`);
    return false;
  }
}

/** The scenario as a pretty-printed JSON file, and the file name to give it. */
export function scenarioJson(scenario: Scenario): { name: string; text: string } {
  return {
    name: `${toSafeName(scenario.name, 'scenario')}.json`,
    text: `${JSON.stringify(scenario, null, 2)}\n`,
  };
}

/** Downloads the session's scenario as JSON (a download in the browser, a save dialog in Electron). */
export function exportScenarioFile(): void {
  const scenario = useLabStore().scenario;
  if (scenario === null) return;
  const { name, text } = scenarioJson(scenario);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by now; the URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  useNoticeStore().push('info', `Exported the scenario as ${name}.`);
}
