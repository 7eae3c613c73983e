import type { BrowserWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { FileChooser } from '../services/lab/lab-service-types';
import { comparisonFileExtension } from '../../core/experiment/comparison-file';
import { sessionFileExtension } from './navigation-guard';

type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

const comparisonFilters = [
  { name: 'Balloon Lab comparison', extensions: [comparisonFileExtension.slice(1)] },
  { name: 'All files', extensions: ['*'] },
];

const sweepFilters = [
  { name: 'Balloon Lab sweep', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

const sessionFilters = [
  { name: 'Balloon Lab session', extensions: [sessionFileExtension.slice(1)] },
  { name: 'All files', extensions: ['*'] },
];

/** A name that is a valid file name on every OS (the session name is user text). */
export function sessionFileName(name: string): string {
  const stem = name.toLowerCase().endsWith(sessionFileExtension)
    ? name.slice(0, -sessionFileExtension.length)
    : name;
  const cleaned = stem
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 120)
    // Leading dots hide the file; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+|[.\s]+$/g, '');
  // Windows reserves device names whatever the extension.
  const safe = /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned) ? `${cleaned}_` : cleaned;
  return `${safe === '' ? 'session' : safe}${sessionFileExtension}`;
}

function withSessionExtension(path: string): string {
  return path.toLowerCase().endsWith(sessionFileExtension) ? path : `${path}${sessionFileExtension}`;
}

/**
 * Native dialogs behind the LabHost's FileChooser. Dialogs are modal to the main window
 * when there is one, so the user cannot start a second save while one is open.
 */
export function createDialogFileChooser(
  dialog: DialogApi,
  getWindow: () => BrowserWindow | null,
  documentsDir: string,
): FileChooser {
  const parent = (): BrowserWindow | undefined => {
    const window = getWindow();
    return window !== null && !window.isDestroyed() ? window : undefined;
  };
  const open = (options: OpenDialogOptions) => {
    const window = parent();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  return {
    async chooseSessionToOpen() {
      const result = await open({ title: 'Open Session', properties: ['openFile'], filters: sessionFilters });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSessionSavePath(defaultName) {
      const options: SaveDialogOptions = {
        title: 'Save Session',
        defaultPath: join(documentsDir, sessionFileName(defaultName)),
        filters: sessionFilters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = parent();
      const result = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : withSessionExtension(result.filePath);
    },
    async chooseTraceToImport() {
      const result = await open({
        title: 'Import Trace (esxtop batch, GWA-T-12 Bitbrains files, or CSV)',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Traces', extensions: ['csv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
    },
    async chooseExportFolder() {
      const result = await open({
        title: 'Export CSV Traces to Folder',
        properties: ['openDirectory', 'createDirectory'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseComparisonToOpen() {
      const result = await open({
        title: 'Open Comparison',
        properties: ['openFile'],
        filters: comparisonFilters,
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseComparisonSavePath(defaultName) {
      const options: SaveDialogOptions = {
        title: 'Save Comparison',
        defaultPath: join(documentsDir, defaultName),
        filters: comparisonFilters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = parent();
      const result = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseSweepToOpen() {
      const result = await open({ title: 'Open Sweep', properties: ['openFile'], filters: sweepFilters });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSweepSavePath(defaultName) {
      const options: SaveDialogOptions = {
        title: 'Save Sweep',
        defaultPath: join(documentsDir, defaultName),
        filters: sweepFilters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = parent();
      const result = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
