import { open, stat } from 'node:fs/promises';
import {
  defaultJsonLimits,
  maxSessionFileBytes,
  parseJsonText,
  type JsonLimits,
} from '../../../core/session/safe-json';
import { SessionError } from '../../../core/session/session-error';
import { checkedReadFlags, containedRealPath } from './contained-path';

/** Largest session or state file read at all: the one limit the session saver also keeps. */
export const defaultMaxFileBytes = maxSessionFileBytes;

export interface SafeReadOptions {
  /** Files larger than this are refused before a byte is read. */
  maxBytes?: number;
  /** Structural limits on the JSON (see core/session/safe-json.ts). */
  limits?: Partial<JsonLimits>;
  /** A folder the file must stay inside once symbolic links are resolved (see containedRealPath). */
  within?: string;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(sizeBytes: number | null, maxBytes: number): SessionError {
  const size = sizeBytes === null ? 'larger than' : `${formatBytes(sizeBytes)}, more than`;
  return new SessionError(
    'too-large',
    `The file is ${size} the ${formatBytes(maxBytes)} limit; it was not opened.`,
  );
}

const chunkBytes = 1024 * 1024;

function assertRegularFile(isFile: boolean): void {
  if (!isFile)
    throw SessionError.invalid('Not a file that can be opened as a session.', [
      { path: '(root)', message: 'not a regular file' },
    ]);
}

/** Which file a read was of: another process can tell whether the path still names it, unchanged. */
export interface FileIdentity {
  /** The path read (its real path when confined to a folder). */
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * Reads a file's bytes, refusing it by its size before reading and again if it turns out longer
 * while reading (a growing file, a device); with the identity of the file read. Only opens for
 * reading: a refused file is never changed.
 */
export async function readFileWithIdentity(
  path: string,
  maxBytes: number = defaultMaxFileBytes,
  within?: string,
): Promise<{ bytes: Buffer; file: FileIdentity }> {
  const real = within === undefined ? path : await containedRealPath(within, path);
  // Checked before opening too: opening a FIFO would block until someone writes to it.
  assertRegularFile((await stat(real)).isFile());
  // A confined file is opened without following a link swapped in since the check.
  const handle = await open(real, within === undefined ? 'r' : checkedReadFlags);
  try {
    const info = await handle.stat();
    assertRegularFile(info.isFile());
    if (info.size > maxBytes) throw tooLarge(info.size, maxBytes);
    // Read at once into a buffer of the size the file says, plus a byte to see it grow (a growing
    // file, a device); a megabyte at a time took twice as long for a 50 MiB session.
    // Not from the shared pool: the trace parts of a session are told by the memory they lie in (file-origins.ts).
    let buffer = Buffer.allocUnsafeSlow(Math.min(info.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(buffer.length + chunkBytes, maxBytes + 1));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(null, maxBytes);
    }
    const { dev, ino, mtimeMs } = info;
    return { bytes: buffer.subarray(0, total), file: { path: real, dev, ino, size: total, mtimeMs } };
  } finally {
    await handle.close();
  }
}

/** {@link readFileWithIdentity}'s bytes. */
export async function readFileCapped(
  path: string,
  maxBytes: number = defaultMaxFileBytes,
  within?: string,
): Promise<Buffer> {
  return (await readFileWithIdentity(path, maxBytes, within)).bytes;
}

/** UTF-8 text of `bytes`; SessionError 'corrupt' when it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SessionError(
      'corrupt',
      'Corrupt: the file is not UTF-8 text; it may be damaged or not a Balloon Lab file.',
    );
  }
}

/** {@link readFileCapped} as UTF-8 text; invalid UTF-8 is SessionError 'corrupt'. */
export async function readTextFileCapped(
  path: string,
  maxBytes: number = defaultMaxFileBytes,
  within?: string,
): Promise<string> {
  return decodeUtf8(await readFileCapped(path, maxBytes, within));
}

/** Reads and parses a JSON file within the size cap and structural limits; see parseJsonText. */
export async function readJsonFileSafely(path: string, options: SafeReadOptions = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? defaultMaxFileBytes;
  const text = await readTextFileCapped(path, maxBytes, options.within);
  return parseJsonText(text, { ...defaultJsonLimits, maxChars: maxBytes, ...options.limits });
}
