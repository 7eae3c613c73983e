import { BlockTrack, materialize, type BlockVersion } from './block-versions';
import { CHUNK_STRIDE, chunkShiftFor, chunksPerBlock, PAGE_BLOCK_SHIFT } from './guest-pages-layout';
import type { GuestPagesState } from './guest-pages-state';
import type { GuestPagesVersion } from './guest-pages-version';

/**
 * The block versions of one GuestPages' page bytes and chunk counts (core/memory/block-versions.ts):
 * which blocks changed since the last version, so the next one copies only those.
 */
export class GuestPagesTracks {
  constructor(
    readonly bytes: BlockTrack,
    readonly chunks: BlockTrack,
    private readonly chunkShift: number,
  ) {}

  /** New tracks for `pages` pages whose chunk counts are `chunksLength` long. */
  static create(pages: number, chunksLength: number): GuestPagesTracks {
    const chunkShift = chunkShiftFor(pages);
    return new GuestPagesTracks(
      new BlockTrack(2 ** PAGE_BLOCK_SHIFT, pages),
      new BlockTrack(chunksPerBlock(chunkShift) * CHUNK_STRIDE, chunksLength),
      chunkShift,
    );
  }

  /** Page block `b` is about to change (first time since the last version): its chunk counts with it. */
  touch(b: number, bytes: Uint8Array, chunks: Uint16Array): void {
    this.bytes.touch(b, bytes);
    const shift = this.chunkShift - PAGE_BLOCK_SHIFT;
    const cb = shift <= 0 ? b : b >>> shift;
    if (this.chunks.dirty[cb] === 0) this.chunks.touch(cb, chunks);
  }

  /** Chunk counts change only with their pages: their blocks are marked from the page blocks'. */
  private markChunks(): void {
    const dirty = this.bytes.dirty;
    const chunkDirty = this.chunks.dirty;
    const shift = this.chunkShift - PAGE_BLOCK_SHIFT;
    if (shift <= 0) chunkDirty.set(dirty);
    else dirty.forEach((d, b) => d && (chunkDirty[b >>> shift] = 1));
  }

  /** Versions of `bytes` and `chunks` sharing the blocks unchanged since the last. */
  save(
    bytes: Uint8Array,
    chunks: Uint16Array,
  ): { bytes: BlockVersion<Uint8Array>; chunks: BlockVersion<Uint16Array> } {
    this.markChunks();
    return { bytes: this.bytes.save(bytes), chunks: this.chunks.save(chunks) };
  }

  /** `v`'s blocks are the last version (views of the live arrays when `aliased`: see BlockTrack). */
  adopt(v: GuestPagesVersion, aliased: boolean): void {
    this.bytes.adopt(v.bytes, aliased);
    this.chunks.adopt(v.chunks, aliased);
  }

  /**
   * The state of `v`, written into `into`'s arrays (of the same size; only the blocks that may
   * differ are copied) with its tracks, else into new ones with new tracks: the tracks then
   * hold `v` as their last version. `v` itself is never adopted: a version may be restored many
   * times.
   */
  static restore(
    v: GuestPagesVersion,
    into: { bytes: Uint8Array; chunks: Uint16Array; tracks: GuestPagesTracks } | null,
  ): { state: GuestPagesState; tracks: GuestPagesTracks } {
    const tracks =
      into !== null
        ? into.tracks
        : new GuestPagesTracks(
            new BlockTrack(v.bytes.blockLength, v.pages),
            new BlockTrack(v.chunks.blockLength, v.chunks.length),
            chunkShiftFor(v.pages),
          );
    const bytes = into !== null ? into.bytes : new Uint8Array(v.pages);
    const chunks = into !== null ? into.chunks : new Uint16Array(v.chunks.length);
    if (into !== null) {
      tracks.markChunks();
      tracks.bytes.restoreInto(bytes, v.bytes);
      tracks.chunks.restoreInto(chunks, v.chunks);
    } else {
      materialize(v.bytes, bytes);
      materialize(v.chunks, chunks);
      tracks.adopt(v, false);
    }
    const state: GuestPagesState = {
      pages: v.pages,
      bytes,
      counts: v.counts.slice(),
      classTotals: v.classTotals.slice(),
      hvTotals: v.hvTotals.slice(),
      chunks,
      freeWords: v.freeWords.slice(),
      freeSummary: v.freeSummary.slice(),
      freeHint: v.freeHint,
      cursors: v.cursors.slice(),
      changes: v.changes,
    };
    return { state, tracks };
  }
}
