import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileEntry } from '../../../core/lab-api/lab-api-contract';
import { LabError } from './lab-error';

export const sessionExtension = '.balloonlab';
/** Export folders of the bridge live here, inside the data folder. */
export const exportsFolderName = 'exports';

// Letters, digits, space and a few punctuation marks; never a separator, never a leading dot.
const safeName = /^[\p{L}\p{N}][\p{L}\p{N} _.,()+-]{0,119}$/u;

/** A file-name-safe version of free text (a session name), never empty. */
export function toSafeName(text: string, fallback = 'session'): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} _.,()+-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/\.+$/, '')
    .slice(0, 100)
    .trim();
  return cleaned === '' ? fallback : cleaned;
}

function checkName(name: string, what: string): void {
  if (!safeName.test(name) || name.includes('..')) {
    throw new LabError(
      'bad-request',
      `${what} "${name.slice(0, 80)}" is not allowed: use letters, digits, spaces and - _ . , ( ) + only, no folders`,
    );
  }
}

/** Joins a checked name to `folder` and proves the result stays directly inside it. */
function inside(folder: string, name: string): string {
  const root = resolve(folder);
  const path = resolve(root, name);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep))
    throw new LabError('bad-request', `"${name}" is outside the data folder`);
  return path;
}

/** Bridge: the path of session `name` (".balloonlab" appended when missing) in the data folder. */
export function sessionPathInDataDir(dataDir: string, name: string): { path: string; fileName: string } {
  const trimmed = name.trim();
  const fileName = trimmed.toLowerCase().endsWith(sessionExtension)
    ? trimmed
    : `${trimmed}${sessionExtension}`;
  checkName(fileName.slice(0, -sessionExtension.length), 'Session name');
  return { path: inside(dataDir, fileName), fileName };
}

/** Bridge: the path of file `name` (`extension` appended when missing) in the data folder. */
export function filePathInDataDir(
  dataDir: string,
  name: string,
  extension: string,
  what: string,
): { path: string; fileName: string } {
  const trimmed = name.trim();
  const fileName = trimmed.toLowerCase().endsWith(extension) ? trimmed : `${trimmed}${extension}`;
  checkName(fileName.slice(0, -extension.length), what);
  return { path: inside(dataDir, fileName), fileName };
}

/** Bridge: the files ending in `extension` in the data folder, newest first; location = file name. */
export async function listFilesInDataDir(dataDir: string, extension: string): Promise<FileEntry[]> {
  await mkdir(dataDir, { recursive: true });
  const names = (await readdir(dataDir)).filter(
    (n) => n.toLowerCase().endsWith(extension) && safeName.test(n),
  );
  return newestFirst(
    await Promise.all(names.map((n) => entryOf(n.slice(0, -extension.length), n, join(dataDir, n)))),
  );
}

/** Bridge: the export folder `name` under dataDir/exports. */
export function exportPathInDataDir(dataDir: string, name: string): { path: string; folderName: string } {
  const folderName = name.trim();
  checkName(folderName, 'Export name');
  return { path: inside(join(resolve(dataDir), exportsFolderName), folderName), folderName };
}

/** Electron: a session path must be absolute and end in .balloonlab. */
export function checkSessionPath(path: string): string {
  if (!isAbsolute(path) || !path.toLowerCase().endsWith(sessionExtension) || path.includes('\0')) {
    throw new LabError('refused', `only absolute paths of ${sessionExtension} files can be opened or saved`);
  }
  return resolve(path);
}

/** The session name a file stands for ("lab.balloonlab" -> "lab"). */
export function sessionNameOfPath(path: string): string {
  const base = basename(path);
  return base.toLowerCase().endsWith(sessionExtension) ? base.slice(0, -sessionExtension.length) : base;
}

async function entryOf(name: string, location: string, path: string): Promise<FileEntry | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { name, location, sizeBytes: s.size, modifiedIso: s.mtime.toISOString() } : null;
  } catch {
    return null;
  }
}

function newestFirst(entries: (FileEntry | null)[]): FileEntry[] {
  return entries
    .filter((e): e is FileEntry => e !== null)
    .sort((a, b) => b.modifiedIso.localeCompare(a.modifiedIso) || a.name.localeCompare(b.name));
}

/** Bridge: the sessions saved in the data folder, newest first; location = file name. */
export async function listSessionsInDataDir(dataDir: string): Promise<FileEntry[]> {
  await mkdir(dataDir, { recursive: true });
  const names = (await readdir(dataDir)).filter(
    (n) => n.toLowerCase().endsWith(sessionExtension) && safeName.test(n),
  );
  return newestFirst(await Promise.all(names.map((n) => entryOf(sessionNameOfPath(n), n, join(dataDir, n)))));
}

/** Bridge: every CSV file of every export folder; name and location = "folder/file.csv". */
export async function listExportsInDataDir(dataDir: string): Promise<FileEntry[]> {
  const root = join(dataDir, exportsFolderName);
  let folders: string[];
  try {
    folders = await readdir(root);
  } catch {
    return [];
  }
  const found: Promise<FileEntry | null>[] = [];
  for (const folder of folders) {
    if (!safeName.test(folder)) continue;
    const files = await readdir(join(root, folder)).catch(() => [] as string[]);
    for (const file of files)
      if (file.endsWith('.csv'))
        found.push(entryOf(`${folder}/${file}`, `${folder}/${file}`, join(root, folder, file)));
  }
  return newestFirst(await Promise.all(found));
}

/** Electron: file entries of absolute paths (missing files left out). */
export async function entriesOfPaths(paths: readonly { path: string; name: string }[]): Promise<FileEntry[]> {
  return (await Promise.all(paths.map((p) => entryOf(p.name, p.path, p.path)))).filter(
    (e): e is FileEntry => e !== null,
  );
}
