/** Per-chunk counters: 6 guest classes then 6 hv states. */
export const CHUNK_STRIDE = 12;
/** Where a chunk's hv state counters start, after its class counters. */
export const HV_COLUMN = 6;
/** At most this many chunks per map, so a whole-VM summary costs O(chunks), not O(pages). */
export const MAX_CHUNKS = 65536;
const MIN_CHUNK_SHIFT = 6;
/** Chunks never exceed 2^15 pages so every per-chunk count fits a Uint16 (beyond 8 TiB, more chunks). */
const MAX_CHUNK_SHIFT = 15;

/** Scan cursors: one per class (0-5) and one per hv state (8-13). */
export const CURSORS = 16;

/** Power-of-two chunk size (as a shift) keeping a map of `pages` within {@link MAX_CHUNKS} chunks. */
export function chunkShiftFor(pages: number): number {
  let shift = MIN_CHUNK_SHIFT;
  while (shift < MAX_CHUNK_SHIFT && Math.ceil(pages / 2 ** shift) > MAX_CHUNKS) shift++;
  return shift;
}

/** Pages per block of the page bytes' versions (16 KiB): a block is the unit a checkpoint copies. */
export const PAGE_BLOCK_SHIFT = 12;

/** Chunks per block of the chunk counts' versions: the chunks of one page block (one at least). */
export function chunksPerBlock(chunkShift: number): number {
  return 2 ** Math.max(0, PAGE_BLOCK_SHIFT - chunkShift);
}
