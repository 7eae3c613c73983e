import type { CheckpointFileParts } from '../../worker/checkpoint-file';
import type { FileRange, StoreFileLocation } from '../../worker/store-file-read';
import type { FileIdentity } from '../files/bounded-read';

/** The file a buffer was read from, and where in the buffer the file's first byte lies. */
interface FileOrigin {
  file: FileIdentity;
  byteOffset: number;
  byteLength: number;
}

/** By the memory of the bytes read: a session's trace parts are views of it (session-file.ts). */
const origins = new WeakMap<ArrayBufferLike, FileOrigin>();

/** Remembers that `bytes` are the whole of `file`, for {@link storeFileLocationOf}. */
export function rememberFileOrigin(bytes: Uint8Array, file: FileIdentity): void {
  origins.set(bytes.buffer, { file, byteOffset: bytes.byteOffset, byteLength: bytes.byteLength });
}

/**
 * Where `parts` lie in the session file they were read from, when every one of them is a view of
 * the bytes of one remembered file; else null (the parts are then sent as they are).
 */
export function storeFileLocationOf(parts: CheckpointFileParts): StoreFileLocation | null {
  const origin = origins.get(parts.index.buffer);
  if (origin === undefined) return null;
  const rangeOf = (part: Uint8Array): FileRange | null => {
    const at = part.byteOffset - origin.byteOffset;
    if (part.buffer !== parts.index.buffer || at < 0 || at + part.byteLength > origin.byteLength) return null;
    return { at, bytes: part.byteLength };
  };
  const index = rangeOf(parts.index);
  const packs = parts.packs.map(rangeOf);
  if (index === null || packs.some((p) => p === null)) return null;
  return {
    tick: parts.tick,
    ...origin.file,
    index,
    packs: packs as FileRange[],
    ...(parts.crc32 === undefined ? {} : { crc32: parts.crc32 }),
  };
}
