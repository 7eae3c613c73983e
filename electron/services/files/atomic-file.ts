import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { containedRealPath } from './contained-path';

export interface AtomicWriteOptions {
  /** Keep the file being replaced under this path (written atomically too); none when omitted. */
  backupPath?: string;
  /** Permission bits of a new file; a replaced file keeps its own. Default 0o666 less the umask. */
  mode?: number;
  /**
   * A folder the file (and its backup) must stay inside once every symbolic link is resolved:
   * a link planted there is refused (LabError 'refused') instead of followed out of it.
   */
  within?: string;
}

const tempPattern = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Makes a rename durable. Windows cannot open a directory for fsync; there NTFS journals
 * the rename itself, so skipping is the documented practice.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurable(
  path: string,
  data: string | Uint8Array,
  mode: number,
  exactMode: boolean,
): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    if (exactMode) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Backup of the current file via a hard link (no copy: the old inode simply survives the rename). */
async function backUp(path: string, backupPath: string): Promise<void> {
  const temp = tempPathFor(backupPath);
  try {
    try {
      await link(path, temp);
    } catch {
      // File systems without hard links (FAT, some network shares) get a durable copy.
      await copyFile(path, temp);
      const handle = await open(temp, 'r+');
      await handle.sync().finally(() => handle.close());
    }
    await rename(temp, backupPath);
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs writes to the same path one after another, so two saves never interleave their renames. */
function serialized<T>(path: string, task: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  queues.set(key, next);
  void next
    .finally(() => {
      if (queues.get(key) === next) queues.delete(key);
    })
    .catch(() => undefined);
  return next;
}

/**
 * Replaces `path` with `data` so that, whatever happens (crash, kill, power loss after
 * return), the file holds either its old or its new content, never a mix: write a temp
 * file in the same folder, fsync it, optionally keep the old file as a backup, rename over
 * the target, fsync the folder.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return serialized(path, async () => {
    // Saving through a symlink updates the file it points to instead of replacing the link,
    // unless the file is confined to a folder: then the link must not lead out of it.
    const target =
      options.within === undefined
        ? await realpath(path).catch(() => path)
        : await containedRealPath(options.within, path);
    if (options.within !== undefined && options.backupPath !== undefined)
      await containedRealPath(options.within, options.backupPath);
    const existing = await stat(target).catch(() => null);
    if (existing !== null && !existing.isFile())
      throw new Error(`${target} exists and is not a regular file`);
    const temp = tempPathFor(target);
    try {
      const mode = existing !== null ? existing.mode & 0o7777 : (options.mode ?? 0o666);
      await writeDurable(temp, data, mode, existing !== null);
      if (existing !== null && options.backupPath !== undefined) await backUp(target, options.backupPath);
      await rename(temp, target);
    } catch (error) {
      await removeQuietly(temp);
      throw error;
    }
    await fsyncDirectory(dirname(target));
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeStaleIn(dir: string, keep: (savedName: string) => boolean): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const match = tempPattern.exec(entry);
    if (match === null || !keep(match[1]!)) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || processIsAlive(pid)) continue;
    // Only files: a folder or link that happens to match the pattern is not ours.
    const info = await lstat(join(dir, entry)).catch(() => null);
    if (info === null || !info.isFile()) continue;
    await removeQuietly(join(dir, entry));
    removed++;
  }
  return removed;
}

/**
 * Deletes temp files that writers of `path` (or its backup) left behind when they were
 * killed mid-write. Files of live processes are kept: they may still be writing.
 * Returns the number removed.
 */
export function removeStaleTempFiles(path: string): Promise<number> {
  const names = new Set([basename(path), `${basename(path)}.bak`]);
  return removeStaleIn(dirname(path), (name) => names.has(name));
}

/**
 * Deletes every temp file of writeFileAtomic in `dir` (not below it) whose writer is gone:
 * what saves killed mid-write left there. Call at start-up for each folder the app saves to.
 * Returns the number removed; a missing folder removes none.
 */
export function removeStaleTempFilesIn(dir: string): Promise<number> {
  return removeStaleIn(dir, () => true);
}
