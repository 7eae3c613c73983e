import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, inflateRaw } from 'node:zlib';
import { decodeBlockIndex, type BlockIndex } from '../../core/session/checkpoint-blocks';
import { decodeCheckpoint } from '../../core/session/checkpoint-codec';
import { guessNewestPacks, newestPacksOf } from '../../core/session/checkpoint-newest-packs';
import { BlockFileReader } from '../../core/session/checkpoint-blocks-open';
import type { CheckpointFileParts } from './checkpoint-file';

const decompress = promisify(brotliDecompress);
const inflate = promisify(inflateRaw);
/** Largest index once inflated (small state of every checkpoint and their references). */
export const maxIndexBytes = 256 * 1024 * 1024;

/** A file's newest checkpoint made ready off the engine's turn ({@link prepareNewest}). */
export interface PreparedNewest {
  parts: CheckpointFileParts;
  index: BlockIndex;
  /** The packs the newest refers to, decompressed (of the sizes the index gives, at whole words). */
  raws: Map<number, Uint8Array>;
  /** The newest's small state with its lists as whole arrays in one buffer, every block written. */
  state: Record<string, unknown>;
}

/**
 * Options to decompress a pack of `rawBytes` in one piece (sized to come out so, instead of
 * gathered from small ones and copied again), refusing more.
 */
export function packOptions(rawBytes: number): { maxOutputLength: number; chunkSize: number } {
  const size = Math.max(1, rawBytes);
  return { maxOutputLength: size, chunkSize: Math.max(64 * 1024, size) };
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
 * opens it again synchronously and says what is wrong.
 */
export async function prepareNewest(parts: CheckpointFileParts): Promise<PreparedNewest | null> {
  try {
    return await prepareWith(parts);
  } catch {
    return null;
  }
}

async function prepareWith(parts: CheckpointFileParts): Promise<PreparedNewest> {
  const bytes = await inflate(parts.index, { maxOutputLength: maxIndexBytes });
  const read = decodeCheckpoint(bytes, true);
  const pending = new Map<number, Promise<Uint8Array>>();
  const start = (p: number, rawBytes: number): void => {
    if (pending.has(p) || p >= parts.packs.length) return;
    const out = decompress(parts.packs[p]!, packOptions(rawBytes));
    // Awaited below, or left when the file turns out damaged.
    out.catch(() => undefined);
    pending.set(p, out);
  };
  // The newest's packs are decompressed on zlib's threads while the index is checked here.
  for (const { pack, rawBytes } of guessNewestPacks(read) ?? []) start(pack, rawBytes);
  const index = decodeBlockIndex(bytes, read);
  if (parts.packs.length !== index.packs.length) throw new Error('not as many packs as the index says');
  const newest = newestPacksOf(index);
  for (const p of newest) start(p, index.packs[p]!.rawBytes);
  const raws = new Map<number, Uint8Array>();
  const rawOf = (p: number): Uint8Array => {
    let raw = raws.get(p);
    if (raw === undefined) {
      raw = checkedRaw(
        index,
        p,
        brotliDecompressSync(parts.packs[p]!, packOptions(index.packs[p]!.rawBytes)),
      );
      raws.set(p, raw);
    }
    return raw;
  };
  const arena = new BlockFileReader(index, rawOf).newestArena();
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
  return { parts, index, raws, state };
}
