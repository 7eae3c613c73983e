import type { ImportOptions } from '../../../core/import/build-scenario';
import { isImportError } from '../../../core/import/import-error';
import type { TraceFormat } from '../../../core/import/import-summary';
import { TraceImporter } from '../../../core/import/trace-importer';
import type { ImportedTrace } from '../../../core/lab-api/lab-api-contract';
import { maxVms } from '../../../core/scenario/scenario-limits';
import { labApi } from '../api/lab-api';
import { describeError } from '../api/describe-error';
import { useLabStore } from '../stores/lab-store';
import { useNoticeStore } from '../stores/notice-store';
import { useUiStore } from '../stores/ui-store';

export interface TraceImportChoices extends Pick<ImportOptions, 'hostMiB' | 'policy'> {
  format?: TraceFormat;
}

/** A trace import's outcome: the scenario and its summary, or why the trace cannot be used. */
export type TraceImportOutcome = { ok: true; imported: ImportedTrace } | { ok: false; reason: string };

type TraceFile = Pick<File, 'name' | 'size' | 'stream'>;

/**
 * Imports trace files the user picked or dropped in the browser, streaming each through the
 * core importer chunk by chunk (a 1 GiB capture never sits in memory whole, and never crosses
 * the WebSocket): the scenario then goes to the lab like any scenario file.
 */
export async function importTraceFiles(
  files: readonly TraceFile[],
  choices: TraceImportChoices,
  onProgress?: (fraction: number) => void,
): Promise<TraceImportOutcome> {
  if (files.length === 0) return { ok: false, reason: 'Choose a trace file first.' };
  if (files.length > maxVms)
    return { ok: false, reason: `${files.length} files were chosen; a scenario has at most ${maxVms} VMs.` };
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const source = sorted.length === 1 ? sorted[0]!.name : `${sorted.length} files`;
  const totalBytes = Math.max(
    1,
    sorted.reduce((sum, f) => sum + f.size, 0),
  );
  const importer = new TraceImporter(choices.format ?? (sorted.length > 1 ? 'bitbrains' : undefined));
  let doneBytes = 0;
  try {
    for (const file of sorted) {
      importer.beginFile(file.name);
      const decoder = new TextDecoder('utf-8');
      const reader = file.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        importer.push(decoder.decode(value, { stream: true }));
        doneBytes += value.byteLength;
        onProgress?.(doneBytes / totalBytes);
      }
      importer.push(decoder.decode());
      importer.endFile();
    }
    const result = importer.finish({
      hostMiB: choices.hostMiB,
      policy: choices.policy,
      name: `Imported ${source}`,
    });
    return { ok: true, imported: { source, scenario: result.scenario, summary: result.summary } };
  } catch (error) {
    if (isImportError(error)) {
      // The importer's message names the file and line already ("notes.txt, line 1: not a
      // trace…"); saying the name twice in one sentence reads like a glitch.
      const named = error.message.startsWith(`${source},`) || error.message.startsWith(`${source}:`);
      return { ok: false, reason: named ? error.message : `${source} cannot be imported: ${error.message}` };
    }
    return { ok: false, reason: `${source} could not be read: ${describeError(error)}` };
  }
}

/** Electron: a native dialog picks the file and the Node side imports it. Null when cancelled. */
export async function importTraceWithDialog(choices: TraceImportChoices): Promise<TraceImportOutcome | null> {
  try {
    const imported = await labApi.importTrace(choices);
    return imported === null ? null : { ok: true, imported };
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  }
}

/** Opens an imported trace's scenario as a new lab (asking first about unsaved changes) and shows the editor. */
export async function openImportedTrace(imported: ImportedTrace): Promise<boolean> {
  const notices = useNoticeStore();
  try {
    const state = await useLabStore().newFromScenario(imported.scenario, `importing ${imported.source}`);
    if (state === null) return false;
    useUiStore().lowerTab = 'scenario';
    notices.push('info', `Imported ${imported.source} as a new lab: ${imported.summary.vms.length} VMs.`);
    return true;
  } catch (error) {
    notices.push('error', `${imported.source} could not be opened: ${describeError(error)}`);
    return false;
  }
}
