import { open } from 'node:fs/promises';
import type { CheckpointFileParts } from './checkpoint-file';
import { CommandError } from './command-error';

/** Where a part lies in a session file: its first byte and its length, bytes. */
export interface FileRange {
  at: number;
  bytes: number;
}

/**
 * A session file's checkpoints as places in the file, which the engine process reads itself:
 * sent over IPC, the 35 MiB of an hour of datacenter-2x took a tenth of a second to copy there,
 * and the main process has read the file already. The file must be the one the main process read
 * (same device, inode, size and modification time): one replaced or changed since is refused.
 */
export interface StoreFileLocation {
  /** Tick of the newest checkpoint. */
  tick: number;
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  index: FileRange;
  packs: FileRange[];
  /**
   * The checksums the file's header gives the index and packs (absent in older files), checked
   * when each is decompressed.
   */
  crc32?: CheckpointFileParts['crc32'];
}

/** Most packs a file may have (core/session/session-trace-schema.ts). */
const maxPacks = 4096;

function unreadable(why: string): CommandError {
  return new CommandError('unreadable', `The session file's checkpoints could not be read here: ${why}.`);
}

/**
 * The checkpoints at `location`, read from the file in one piece (views of one buffer). Throws
 * CommandError 'unreadable' when the file cannot be read or is not the one the main process read;
 * the main process then sends the bytes instead. The index is read first and given to `onIndex`
 * before the packs are read, so that it is inflated meanwhile (read after it, the 40 MiB of packs
 * of an hour of datacenter-2x held its inflating back some 35 ms).
 */
export async function readStoreFile(
  location: StoreFileLocation,
  onIndex?: (index: Uint8Array) => void,
): Promise<CheckpointFileParts> {
  const ranges = [location.index, ...location.packs];
  if (location.packs.length > maxPacks) throw unreadable('too many packs');
  const { crc32 } = location;
  if (crc32 !== undefined && crc32.packs.length !== location.packs.length)
    throw unreadable('not as many checksums as packs');
  let from = Infinity;
  let to = 0;
  for (const r of ranges) {
    if (!Number.isSafeInteger(r.at) || !Number.isSafeInteger(r.bytes) || r.at < 0 || r.bytes < 0)
      throw unreadable('a part lies nowhere in the file');
    from = Math.min(from, r.at);
    to = Math.max(to, r.at + r.bytes);
  }
  if (to > location.size) throw unreadable('a part lies past the end of the file');
  let handle;
  try {
    handle = await open(location.path, 'r');
  } catch (error) {
    throw unreadable((error as Error).message);
  }
  try {
    const info = await handle.stat();
    if (
      info.dev !== location.dev ||
      info.ino !== location.ino ||
      info.size !== location.size ||
      info.mtimeMs !== location.mtimeMs
    )
      throw unreadable('the file was replaced or changed since it was opened');
    const buffer = Buffer.allocUnsafe(Math.max(0, to - from));
    /** Reads bytes `start` to `end` of the file into their place in `buffer`. */
    const readRange = async (start: number, end: number): Promise<void> => {
      for (let read = start; read < end;) {
        const { bytesRead } = await handle.read(buffer, read - from, end - read, read);
        if (bytesRead === 0) throw unreadable('the file ended early');
        read += bytesRead;
      }
    };
    const part = (r: FileRange): Uint8Array => buffer.subarray(r.at - from, r.at - from + r.bytes);
    const { index } = location;
    await readRange(index.at, index.at + index.bytes);
    onIndex?.(part(index));
    // The rest: what lies before the index and after it (the index lies within from..to).
    await readRange(from, index.at);
    await readRange(index.at + index.bytes, to);
    return {
      tick: location.tick,
      index: part(location.index),
      packs: location.packs.map(part),
      ...(crc32 === undefined ? {} : { crc32 }),
    };
  } catch (error) {
    throw error instanceof CommandError ? error : unreadable((error as Error).message);
  } finally {
    await handle.close();
  }
}
