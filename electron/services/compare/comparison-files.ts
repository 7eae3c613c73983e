import { isAbsolute, resolve } from 'node:path';
import type { FileEntry } from '../../../core/lab-api/lab-api-contract';
import {
  comparisonFileExtension,
  comparisonSchemaId,
  parseComparisonDocument,
  serializeComparisonDocument,
  type ComparisonDocument,
} from '../../../core/experiment/comparison-file';
import { defaultJsonLimits } from '../../../core/session/safe-json';
import { isSessionError } from '../../../core/session/session-error';
import { writeFileAtomic } from '../files/atomic-file';
import { readJsonFileSafely } from '../files/bounded-read';
import { filePathInDataDir, listFilesInDataDir, toSafeName } from '../lab/data-folder';
import { LabError } from '../lab/lab-error';
import type { LabHostOptions } from '../lab/lab-service-types';

interface Target {
  path: string;
  /** What the UI sees: the absolute path (Electron) or the file name in the data folder (bridge). */
  location: string;
}

/** Electron: a comparison path must be absolute and end in .balloonlab-compare. */
export function checkComparisonPath(path: string): string {
  if (!isAbsolute(path) || !path.toLowerCase().endsWith(comparisonFileExtension) || path.includes('\0'))
    throw new LabError(
      'refused',
      `only absolute paths of ${comparisonFileExtension} files can be opened or saved`,
    );
  return resolve(path);
}

/**
 * Comparisons on disk for both transports: the bridge keeps them in its data folder (names
 * only), Electron at absolute paths the user chose in a dialog. Reads are size-capped and
 * validated (comparison-file.ts); writes are atomic with the previous file kept as `.bak`.
 */
export class ComparisonFiles {
  constructor(private readonly options: LabHostOptions) {}

  private confined(): { within?: string } {
    return this.options.dataDir === null ? {} : { within: this.options.dataDir };
  }

  async save(
    doc: ComparisonDocument,
    target: string | undefined,
  ): Promise<{ name: string; location: string } | null> {
    const text = this.serialize(doc);
    const where = await this.target(target, 'save', doc.name);
    if (where === null) return null;
    await writeFileAtomic(where.path, text, { backupPath: `${where.path}.bak`, ...this.confined() });
    return { name: doc.name, location: where.location };
  }

  async open(target: string | undefined): Promise<{ doc: ComparisonDocument; location: string } | null> {
    const where = await this.target(target, 'open', '');
    if (where === null) return null;
    try {
      const json = await readJsonFileSafely(where.path, this.confined());
      return { doc: parseComparisonDocument(json, defaultJsonLimits), location: where.location };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new LabError('not-found', `There is no comparison "${where.location}".`);
      if (isSessionError(error))
        throw new LabError('refused', `"${where.location}" cannot be opened: ${error.message}`);
      throw error;
    }
  }

  list(): Promise<FileEntry[]> {
    if (this.options.dataDir === null) return Promise.resolve([]);
    return listFilesInDataDir(this.options.dataDir, comparisonFileExtension);
  }

  private serialize(doc: ComparisonDocument): string {
    try {
      return serializeComparisonDocument({ ...doc, schema: comparisonSchemaId });
    } catch (error) {
      if (isSessionError(error)) throw new LabError('refused', error.message);
      throw error;
    }
  }

  private async target(
    target: string | undefined,
    mode: 'open' | 'save',
    name: string,
  ): Promise<Target | null> {
    const dataDir = this.options.dataDir;
    if (dataDir !== null) {
      const chosen = target ?? (mode === 'save' ? toSafeName(name, 'comparison') : undefined);
      if (chosen === undefined)
        throw new LabError('bad-request', 'name the comparison to open (listComparisons shows them)');
      const { path, fileName } = filePathInDataDir(
        dataDir,
        chosen,
        comparisonFileExtension,
        'Comparison name',
      );
      return { path, location: fileName };
    }
    if (target !== undefined) {
      const path = checkComparisonPath(target);
      return { path, location: path };
    }
    const chooser = this.options.fileChooser;
    const pick = mode === 'open' ? chooser?.chooseComparisonToOpen : chooser?.chooseComparisonSavePath;
    if (chooser === null || pick === undefined)
      throw new LabError('bad-request', 'this transport has no file dialogs: pass a target');
    const chosen = await pick.call(chooser, `${toSafeName(name, 'comparison')}${comparisonFileExtension}`);
    if (chosen === null) return null;
    const path = checkComparisonPath(
      chosen.toLowerCase().endsWith(comparisonFileExtension) ? chosen : `${chosen}${comparisonFileExtension}`,
    );
    return { path, location: path };
  }
}
