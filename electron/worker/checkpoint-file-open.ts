import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, inflateRaw, inflateRawSync } from 'node:zlib';
import { decodeBlockIndex, type BlockIndex } from '../../core/session/checkpoint-blocks';
import { decodeCheckpoint } from '../../core/session/checkpoint-codec';
import { guessNewestPacks } from '../../core/session/checkpoint-newest-packs';
import { BlockFileReader } from '../../core/session/checkpoint-blocks-open';
import { damagedCheckpoints, SessionError } from '../../core/session/session-error';
import type { CheckpointFileParts } from './checkpoint-file';
import { checkPart } from './part-checksum';

const decompress = promisify(brotliDecompress);
const inflate = promisify(inflateRaw);
/** Largest index once inflated (small state of every checkpoint and their references). */
export const maxIndexBytes = 256 * 1024 * 1024;

/** A file's newest checkpoint made ready off the engine's turn ({@link prepareNewest}). */
export interface PreparedNewest {
  parts: CheckpointFileParts;
  index: BlockIndex;
  /** The packs decompressed so far (of the sizes the index gives, at whole words): the newest's at least. */
  raws: Map<number, Uint8Array>;
  /** The reader of `parts` (reading `raws`), which opening the file goes on with. */
  reader: BlockFileReader;
  /** The newest's small state with its lists as whole arrays in one buffer, every block written. */
  state: Record<string, unknown>;
}

/**
 * Options to decompress a pack of `rawBytes` in one piece (sized to come out so, instead of
 * gathered from small ones and copied again), refusing more. The piece is a little larger than
 * the pack: one it fills exactly, zlib follows with another of the same size to look for more
 * (twice the memory, and the collections that sets off).
 */
export function packOptions(rawBytes: number): { maxOutputLength: number; chunkSize: number } {
  const size = Math.max(1, rawBytes);
  return { maxOutputLength: size, chunkSize: Math.max(64 * 1024, size + 64) };
}

/** `error` as SessionError 'corrupt' (a damaged file: a jump there replays instead). */
export function damaged(error: unknown): SessionError {
  return error instanceof SessionError
    ? error
    : damagedCheckpoints(error instanceof Error ? error.message : String(error));
}

/** The index of `parts`, checked against its checksum: throws SessionError 'corrupt' when damaged. */
export function indexBytesOf(parts: Pick<CheckpointFileParts, 'index' | 'crc32'>): Uint8Array {
  checkPart(parts.index, parts.crc32?.index, 'checkpoint index');
  return parts.index;
}

/**
 * The index of `parts` inflated on zlib's threads, once checked against its checksum (rejects
 * with SessionError 'corrupt' when damaged); in megabyte pieces: zlib's default 16 KiB ones took
 * twice as long for a 10 MiB index.
 */
export async function inflateIndex(parts: Pick<CheckpointFileParts, 'index' | 'crc32'>): Promise<Uint8Array> {
  return inflate(indexBytesOf(parts), { maxOutputLength: maxIndexBytes, chunkSize: 1024 * 1024 });
}

/**
 * Pack `p` of `parts`, checked against its checksum when it is first decompressed (not all up
 * front: a damaged pack only an earlier checkpoint needs then fails that one alone, as one that
 * does not decompress does); throws SessionError 'corrupt' naming it when damaged.
 */
export function packBytesOf(parts: CheckpointFileParts, p: number): Uint8Array {
  checkPart(parts.packs[p]!, parts.crc32?.packs[p], `checkpoint pack ${p + 1}`);
  return parts.packs[p]!;
}

/** Inflates an earlier checkpoint's small state, refusing one larger than an index may be. */
export function inflateSmall(bytes: Uint8Array): Uint8Array {
  return inflateRawSync(bytes, { maxOutputLength: maxIndexBytes });
}

/**
 * The reader of `parts` (whose index is `index`): packs are decompressed when first read and kept
 * in `raws`; one that does not decompress to its size throws SessionError 'corrupt'.
 */
export function readerOf(
  parts: CheckpointFileParts,
  index: BlockIndex,
  raws: Map<number, Uint8Array>,
): BlockFileReader {
  const rawOf = (p: number): Uint8Array => {
    let raw = raws.get(p);
    if (raw !== undefined) return raw;
    try {
      raw = checkedRaw(
        index,
        p,
        brotliDecompressSync(packBytesOf(parts, p), packOptions(index.packs[p]!.rawBytes)),
      );
    } catch (error) {
      throw damaged(error);
    }
    raws.set(p, raw);
    return raw;
  };
  return new BlockFileReader(index, rawOf, inflateSmall);
}

/** `raw` as pack `p` of `index`; throws when it is not of the size the index gives. */
export function checkedRaw(index: BlockIndex, p: number, raw: Uint8Array): Uint8Array {
  if (raw.byteLength !== index.packs[p]!.rawBytes)
    throw new Error(`pack ${p + 1} holds ${raw.byteLength} bytes, not ${index.packs[p]!.rawBytes}`);
  // Page lists are read as 32-bit words.
  return raw.byteOffset % 4 === 0 ? raw : raw.slice();
}

/**
 * The newest checkpoint of `parts` written into the arrays the engine will adopt while its packs
 * are decompressed: every pack on zlib's threads at once, each one's blocks copied in as soon as
 * it is out (the blocks of one value meanwhile), so the engine's thread and zlib's threads work
 * side by side instead of one after the other. Null when the file does not read: the caller
 * opens it again synchronously and says what is wrong. `maxArrayBytes`: what the arrays of its
 * index and of each small state may take (core/session/checkpoint-array-bound.ts). `index`:
 * {@link inflateIndex} of `parts`, when it was started already (while the packs were read).
 */
export async function prepareNewest(
  parts: CheckpointFileParts,
  maxArrayBytes: number,
  index?: Promise<Uint8Array>,
): Promise<PreparedNewest | null> {
  try {
    return await prepareWith(parts, maxArrayBytes, index ?? inflateIndex(parts));
  } catch {
    return null;
  }
}

async function prepareWith(
  parts: CheckpointFileParts,
  maxArrayBytes: number,
  inflated: Promise<Uint8Array>,
): Promise<PreparedNewest> {
  const bytes = await inflated;
  const read = decodeCheckpoint(bytes, true, true, maxArrayBytes);
  const pending = new Map<number, Promise<Uint8Array>>();
  const start = (p: number, rawBytes: number): void => {
    if (pending.has(p) || p >= parts.packs.length) return;
    const out = decompress(packBytesOf(parts, p), packOptions(rawBytes));
    // Awaited below, or left when the file turns out damaged.
    out.catch(() => undefined);
    pending.set(p, out);
  };
  // The newest's packs are decompressed on zlib's threads while the index is checked here.
  for (const { pack, rawBytes } of guessNewestPacks(read) ?? []) start(pack, rawBytes);
  const index = decodeBlockIndex(bytes, read, maxArrayBytes);
  if (parts.packs.length !== index.packs.length) throw new Error('not as many packs as the index says');
  const raws = new Map<number, Uint8Array>();
  const reader = readerOf(parts, index, raws);
  const arena = reader.newestArena();
  // Those the guess missed (a damaged index) are decompressed now.
  const newest = arena.packs;
  for (const p of newest) start(p, index.packs[p]!.rawBytes);
  // Each pack's blocks are written as soon as it is out (zlib's threads finish them out of order),
  // the blocks of one value meanwhile.
  const written = Promise.all(
    newest.map((p) =>
      pending.get(p)!.then((out) => {
        const raw = checkedRaw(index, p, out);
        raws.set(p, raw);
        arena.writePack(p, raw);
      }),
    ),
  );
  arena.writeFills();
  await written;
  const { tick: _tick, ...state } = arena.finish();
  return { parts, index, raws, reader, state };
}
