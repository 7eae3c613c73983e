import { materialize, viewBlocks, type BlockVersion } from './block-versions';
import {
  CHUNK_STRIDE,
  chunkShiftFor,
  chunksPerBlock,
  PAGE_BLOCK_SHIFT,
  type GuestPagesState,
} from './guest-pages';

/**
 * {@link GuestPagesState} with the page bytes and chunk counts as block versions
 * (core/memory/block-versions.ts): taken in the time of the blocks changed since the last one.
 */
export interface GuestPagesVersion extends Omit<GuestPagesState, 'bytes' | 'chunks'> {
  bytes: BlockVersion<Uint8Array>;
  chunks: BlockVersion<Uint16Array>;
}

/** The version of a plain state, its blocks views of the state's arrays (which must not change). */
export function guestPagesVersionOf(s: GuestPagesState): GuestPagesVersion {
  const { bytes, chunks, ...small } = s;
  return {
    ...small,
    bytes: viewBlocks(bytes, 2 ** PAGE_BLOCK_SHIFT),
    chunks: viewBlocks(chunks, chunksPerBlock(chunkShiftFor(s.pages)) * CHUNK_STRIDE),
  };
}

/** The plain state of a version (new whole arrays, e.g. for a checkpoint file; the small arrays shared). */
export function guestPagesStateOf(v: GuestPagesVersion): GuestPagesState {
  return {
    ...v,
    bytes: materialize(v.bytes, new Uint8Array(v.bytes.length)),
    chunks: materialize(v.chunks, new Uint16Array(v.chunks.length)),
  };
}
