import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportOptions, ImportResult } from '../../../core/import/build-scenario';
import { ImportError } from '../../../core/import/import-error';
import type { TraceFormat } from '../../../core/import/import-summary';
import { TraceImporter } from '../../../core/import/trace-importer';
import { maxVms } from '../../../core/scenario/scenario-limits';

/** Bytes read at a time: big enough to be fast, small enough that a read never costs much memory. */
const chunkBytes = 1024 * 1024;

export interface ReadTraceOptions extends ImportOptions {
  format?: TraceFormat;
  /** Called after every chunk with the bytes read so far and the total of every file. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}

/** The files of a trace: the file itself, or a folder's visible regular files in natural order. */
export async function traceFilesOf(path: string): Promise<{ path: string; bytes: number }[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(error.code === 'ENOENT' ? 'there is no such file or folder' : error.message, {
      file: path,
    });
  });
  if (info.isFile()) return [{ path, bytes: info.size }];
  if (!info.isDirectory()) throw new ImportError('not a file or a folder', { file: path });
  const names = (await readdir(path))
    .filter((n) => !n.startsWith('.'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const files: { path: string; bytes: number }[] = [];
  for (const name of names) {
    const file = join(path, name);
    const s = await stat(file).catch(() => null);
    if (s === null || !s.isFile()) continue;
    if (files.length === maxVms)
      throw new ImportError(
        `the folder holds more than ${maxVms} files; a scenario has at most ${maxVms} VMs`,
        {
          file: path,
        },
      );
    files.push({ path: file, bytes: s.size });
  }
  if (files.length === 0) throw new ImportError('the folder holds no files', { file: path });
  return files;
}

/**
 * Imports the trace at `path` (a file, or a folder of GWA-T-12 per-VM files) by streaming it
 * through the core importer: memory stays bounded whatever the file's size.
 */
export async function importTracePath(path: string, options: ReadTraceOptions = {}): Promise<ImportResult> {
  return importTraceFiles(await traceFilesOf(path), {
    ...options,
    name: options.name ?? `Imported ${basename(path)}`,
  });
}

/** Imports several files chosen together (GWA-T-12 per-VM files), or one. */
export async function importTracePaths(
  paths: readonly string[],
  options: ReadTraceOptions = {},
): Promise<ImportResult> {
  if (paths.length > maxVms)
    throw new ImportError(`${paths.length} files were chosen; a scenario has at most ${maxVms} VMs`);
  const files: { path: string; bytes: number }[] = [];
  for (const path of paths) {
    const [file, ...more] = await traceFilesOf(path);
    if (more.length > 0 || file === undefined)
      throw new ImportError('choose files, not folders', { file: path });
    files.push(file);
  }
  return importTraceFiles(files, options);
}

async function importTraceFiles(
  files: readonly { path: string; bytes: number }[],
  options: ReadTraceOptions,
): Promise<ImportResult> {
  const importer = new TraceImporter(files.length > 1 ? (options.format ?? 'bitbrains') : options.format);
  const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
  let doneBytes = 0;
  // One buffer for every read: a stream would allocate a fresh one per chunk, and those wait
  // for a full garbage collection (outside the JS heap) long enough to add 100 MiB of RSS.
  const buffer = Buffer.allocUnsafe(chunkBytes);
  for (const file of files) {
    importer.beginFile(basename(file.path));
    const decoder = new TextDecoder('utf-8');
    const handle = await open(file.path, 'r');
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
        if (bytesRead === 0) break;
        importer.push(decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
        doneBytes += bytesRead;
        options.onProgress?.(doneBytes, totalBytes);
      }
    } finally {
      await handle.close();
    }
    importer.push(decoder.decode());
    importer.endFile();
  }
  return importer.finish(options);
}
