import { constants } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LabError } from '../lab/lab-error';

/** Flag for open(): never follow a symbolic link in the last component (0 where the OS has none). */
export const noFollowFlag: number = constants.O_NOFOLLOW ?? 0;

/**
 * open() flags for reading a file that must be checked on its handle: no link followed, and
 * non-blocking so a FIFO planted under the name does not hang the open (regular files ignore it).
 */
export const checkedReadFlags: number = constants.O_RDONLY | noFollowFlag | (constants.O_NONBLOCK ?? 0);

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** True when `path` is `root` itself or lies below it (both absolute and already real). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function outside(path: string, root: string): LabError {
  return new LabError(
    'refused',
    `"${basename(path)}" leads outside the folder ${root} (through a symbolic link); it was not used`,
  );
}

/**
 * The real path of `path` (resolved against `root` when relative), proven to stay inside the
 * real path of `root`: every symbolic link on the way is resolved first, so a link planted
 * inside the folder cannot lead a read or a write out of it. For a path that does not exist
 * yet, its nearest existing ancestor is checked and the missing names are appended; a
 * dangling link is refused, because creating a file through it would create its target.
 * Throws LabError 'refused' when the path leaves the folder; `root` must exist.
 */
export async function containedRealPath(root: string, path: string): Promise<string> {
  const rootReal = await realpath(root);
  const missing: string[] = [];
  let probe = resolve(root, path);
  for (;;) {
    let real: string;
    try {
      real = await realpath(probe);
    } catch (error) {
      if (!isMissing(error)) throw error;
      const link = await lstat(probe).catch(() => null);
      if (link?.isSymbolicLink() === true) throw outside(path, root);
      const parent = dirname(probe);
      if (parent === probe) throw error;
      missing.unshift(basename(probe));
      probe = parent;
      continue;
    }
    if (!isWithin(rootReal, real)) throw outside(path, root);
    return missing.length === 0 ? real : join(real, ...missing);
  }
}
