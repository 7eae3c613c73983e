import { parseSessionDocument } from '../../../core/session/parse-session';
import { defaultJsonLimits } from '../../../core/session/safe-json';
import type { SessionDocument } from '../../../core/session/session-schema';
import { serializeFittingSession, serializeSessionDocument } from '../../../core/session/serialize-session';
import { writeFileAtomic } from '../files/atomic-file';
import { readJsonFileSafely, type SafeReadOptions } from '../files/bounded-read';

/** File name extension of saved sessions. */
export const sessionFileExtension = '.balloonlab';

/** Where the previous version of a session file is kept by {@link writeSessionFile}. */
export function backupPathOf(path: string): string {
  return `${path}.bak`;
}

/**
 * Loads a `.balloonlab` file: size cap before reading, hardened JSON parse, migration of
 * older formats, validation. Bad content throws SessionError ('too-large', 'corrupt',
 * 'invalid', 'newer-version'); file-system failures throw the usual Node errors (ENOENT,
 * EACCES). The file is only ever opened for reading.
 */
export async function readSessionFile(path: string, options: SafeReadOptions = {}): Promise<SessionDocument> {
  const json = await readJsonFileSafely(path, options);
  return parseSessionDocument(json, { ...defaultJsonLimits, ...options.limits });
}

export interface WriteSessionOptions {
  /** Keep the replaced file as `<path>.bak` (default true). */
  keepBackup?: boolean;
  /** A folder the file must stay inside once symbolic links are resolved (the bridge's data folder). */
  within?: string;
  /** Too large: shed the checkpoints and trace rather than refuse (serializeFittingSession). */
  shedToFit?: boolean;
}

/**
 * Saves a session atomically: the document is validated and serialized first (an
 * invalid one, or one too large for readSessionFile to load again, throws SessionError
 * and touches nothing), then written to a temp file,
 * fsynced and renamed over `path`, with the previous file kept as `<path>.bak`.
 */
export async function writeSessionFile(
  path: string,
  doc: SessionDocument,
  options: WriteSessionOptions = {},
): Promise<void> {
  const text = options.shedToFit === true ? serializeFittingSession(doc) : serializeSessionDocument(doc);
  const keepBackup = options.keepBackup ?? true;
  await writeFileAtomic(path, text, {
    ...(keepBackup ? { backupPath: backupPathOf(path) } : {}),
    ...(options.within === undefined ? {} : { within: options.within }),
  });
}
