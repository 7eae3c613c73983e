import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseSweep } from '../../../core/experiment/sweep-schema';
import type { FileEntry } from '../../../core/lab-api/lab-api-contract';
import { formatIssues } from '../../../core/scenario/parse-scenario';
import { isSessionError } from '../../../core/session/session-error';
import { writeFileAtomic } from '../files/atomic-file';
import { readJsonFileSafely } from '../files/bounded-read';
import { filePathInDataDir, listFilesInDataDir, toSafeName } from '../lab/data-folder';
import { LabError } from '../lab/lab-error';
import type { LabHostOptions } from '../lab/lab-service-types';

/** Sweep files end in .json; the lab names the ones it writes `<name>.sweep.json`. */
export const sweepFileExtension = '.sweep.json';
/** Largest sweep file read or written (an inline base scenario is a few KiB; a trace one can be more). */
export const maxSweepFileBytes = 8 * 1024 * 1024;

/** A sweep document read from a file, with where its relative base path is taken from. */
export interface SweepSource {
  document: unknown;
  /** How messages name it: the file name (bridge) or path (Electron). */
  label: string;
  /** The folder a relative `base` file path is read from; null when it came without one. */
  folder: string | null;
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep);
}

/**
 * Refuses a sweep whose base is a scenario file the lab may not read: any file when the
 * sweep came without a folder (built, or read by the browser), and, on the bridge, one
 * outside the data folder (the browser's user may only reach that folder).
 */
export function checkSweepBase(source: SweepSource, dataDir: string | null): void {
  const base = (source.document as { base?: unknown } | null)?.base;
  if (typeof base !== 'string' || base.startsWith('preset:')) return;
  if (source.folder === null)
    throw new LabError(
      'refused',
      `${source.label}: its base is the scenario file "${base.slice(0, 200)}", which the lab cannot find from here; give the base as preset:<id> or as a scenario inline, or open the sweep file from its folder`,
    );
  if (dataDir !== null && !isInside(dataDir, resolve(source.folder, base)))
    throw new LabError(
      'refused',
      `${source.label}: its base "${base.slice(0, 200)}" is outside the data folder; put the scenario file there`,
    );
}

/**
 * Sweep files on disk for both transports: the bridge keeps them in its data folder (names
 * only), Electron at absolute paths the user chose in a dialog. Reads are size-capped JSON;
 * a file is written only when it is a valid sweep.
 */
export class SweepFiles {
  constructor(private readonly options: Pick<LabHostOptions, 'dataDir' | 'fileChooser'>) {}

  /** The sweep file `target` (a dialog when Electron gives none), or null when cancelled. */
  async open(target: string | undefined): Promise<SweepSource | null> {
    const where = await this.target(target, 'open', '');
    if (where === null) return null;
    try {
      const document = await readJsonFileSafely(where.path, {
        maxBytes: maxSweepFileBytes,
        ...(this.options.dataDir === null ? {} : { within: this.options.dataDir }),
      });
      return { document, label: where.location, folder: dirname(where.path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new LabError('not-found', `There is no sweep file "${where.location}".`);
      if (isSessionError(error))
        throw new LabError('refused', `"${where.location}" cannot be opened: ${error.message}`);
      throw error;
    }
  }

  /** Writes a valid sweep document as a file; null when the dialog was cancelled. */
  async save(
    document: unknown,
    target: string | undefined,
  ): Promise<{ name: string; location: string } | null> {
    const parsed = parseSweep(document);
    if (!parsed.ok)
      throw new LabError(
        'refused',
        `This is not a sweep that can be saved:\n${formatIssues(parsed.issues)}`,
        parsed.issues,
      );
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (text.length > maxSweepFileBytes)
      throw new LabError(
        'refused',
        `The sweep is ${text.length} bytes as a file, more than the ${maxSweepFileBytes} allowed`,
      );
    const where = await this.target(target, 'save', parsed.sweep.name);
    if (where === null) return null;
    await writeFileAtomic(
      where.path,
      text,
      this.options.dataDir === null ? {} : { within: this.options.dataDir },
    );
    return { name: parsed.sweep.name, location: where.location };
  }

  list(): Promise<FileEntry[]> {
    if (this.options.dataDir === null) return Promise.resolve([]);
    return listFilesInDataDir(this.options.dataDir, sweepFileExtension);
  }

  private async target(
    target: string | undefined,
    mode: 'open' | 'save',
    name: string,
  ): Promise<{ path: string; location: string } | null> {
    const dataDir = this.options.dataDir;
    if (dataDir !== null) {
      const chosen = target ?? (mode === 'save' ? toSafeName(name, 'sweep') : undefined);
      if (chosen === undefined)
        throw new LabError('bad-request', 'name the sweep file to open (listSweepFiles shows them)');
      const { path, fileName } = filePathInDataDir(dataDir, chosen, sweepFileExtension, 'Sweep file name');
      return { path, location: fileName };
    }
    if (target !== undefined) return { path: checkSweepPath(target), location: resolve(target) };
    const chooser = this.options.fileChooser;
    const pick = mode === 'open' ? chooser?.chooseSweepToOpen : chooser?.chooseSweepSavePath;
    if (chooser === null || pick === undefined)
      throw new LabError('bad-request', 'this transport has no file dialogs: pass a target');
    const chosen = await pick.call(chooser, `${toSafeName(name, 'sweep')}${sweepFileExtension}`);
    if (chosen === null) return null;
    const path = checkSweepPath(
      chosen.toLowerCase().endsWith('.json') ? chosen : `${chosen}${sweepFileExtension}`,
    );
    return { path, location: path };
  }
}

/** Electron: a sweep file path must be absolute and end in .json. */
export function checkSweepPath(path: string): string {
  if (!isAbsolute(path) || !path.toLowerCase().endsWith('.json') || path.includes('\0'))
    throw new LabError('refused', 'only absolute paths of .json sweep files can be opened or saved');
  return resolve(path);
}
