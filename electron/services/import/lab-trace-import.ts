import { basename } from 'node:path';
import { isImportError } from '../../../core/import/import-error';
import type { ImportedTrace, LabRequestParsed } from '../../../core/lab-api/lab-api-contract';
import { LabError } from '../lab/lab-error';
import type { FileChooser } from '../lab/lab-service-types';
import { importTracePaths } from './read-trace-files';

/**
 * The lab's Import Trace (Electron): the user picks the file (or GWA-T-12 files) in a native
 * dialog, and the trace streams through the core importer here on the Node side, so a large
 * capture never crosses to the renderer. Returns the scenario and its summary; the renderer
 * opens it as a new lab. Null when the user cancelled.
 */
export async function importTraceWithDialog(
  chooser: FileChooser | null,
  request: LabRequestParsed<'importTrace'>,
): Promise<ImportedTrace | null> {
  const choose = chooser?.chooseTraceToImport?.bind(chooser);
  if (choose === undefined)
    throw new LabError(
      'bad-request',
      'this transport has no file dialogs: import the trace file in the browser',
    );
  const paths = await choose();
  if (paths === null) return null;
  const source = paths.length === 1 ? basename(paths[0]!) : `${paths.length} files`;
  try {
    const result = await importTracePaths(paths, { ...request, name: `Imported ${source}` });
    return { source, scenario: result.scenario, summary: result.summary };
  } catch (error) {
    if (isImportError(error)) throw new LabError('refused', `${source} cannot be imported: ${error.message}`);
    throw error;
  }
}
