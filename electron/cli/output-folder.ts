import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, exitCodes } from './cli-errors';

function cannotCreate(outDir: string, why: string): CliError {
  return new CliError(`cannot create output folder "${outDir}": ${why}`, exitCodes.failure);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOENT') return 'its parent folder does not accept new folders';
  if (code === 'ENOSPC') return 'the disk is full';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes sure `outDir` is a folder the run can write `fileNames` into, before the run starts:
 * missing folders are created one by one from the nearest existing one (Node's recursive
 * mkdir never returns on some special file systems, /proc/x among them), an existing file on
 * the way, a folder without write permission, or an output name that is not a regular file
 * (a FIFO would block the writer) is refused at once. Throws CliError (exit 1).
 */
export async function prepareOutputFolder(outDir: string, fileNames: readonly string[]): Promise<void> {
  const target = resolve(outDir);
  const missing: string[] = [];
  let existing = target;
  for (;;) {
    const info = await stat(existing).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a file on the way, found as the walk goes up.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw cannotCreate(outDir, reasonOf(error));
    });
    if (info !== null) {
      if (!info.isDirectory()) throw cannotCreate(outDir, `"${existing}" is not a folder`);
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) throw cannotCreate(outDir, 'no part of the path exists');
    missing.unshift(basename(existing));
    existing = parent;
  }
  let folder = existing;
  for (const name of missing) {
    folder = join(folder, name);
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotCreate(outDir, reasonOf(error));
      const raced = await stat(folder).catch(() => null);
      if (raced === null || !raced.isDirectory()) throw cannotCreate(outDir, `"${folder}" is not a folder`);
    }
  }
  try {
    await access(target, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw cannotCreate(outDir, `cannot write into it (${reasonOf(error)})`);
  }
  for (const name of fileNames) {
    const info = await stat(join(target, name)).catch(() => null);
    if (info !== null && !info.isFile())
      throw new CliError(
        `cannot write "${join(outDir, name)}": it exists and is not a regular file`,
        exitCodes.failure,
      );
  }
}
