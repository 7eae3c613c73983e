import { zeroedUint16Array, zeroedUint8Array } from './array-recycler';
import { ChunkBits } from './chunk-bits';
import { CHUNK_STRIDE, chunkShiftFor, CURSORS, HV_COLUMN } from './guest-pages-layout';
import { CLASS_FREE, CONTENT_ZERO, HV_UNBACKED, pageByte } from './page-codes';

/** Plain-data form of GuestPages (guest-pages.ts) for snapshots. */
export interface GuestPagesState {
  pages: number;
  bytes: Uint8Array;
  counts: Int32Array;
  classTotals: Int32Array;
  hvTotals: Int32Array;
  chunks: Uint16Array;
  freeWords: Uint32Array;
  freeSummary: Uint32Array;
  freeHint: number;
  cursors: Int32Array;
  changes: number;
}

/** The state of `pages` pages all free, unbacked, zero. */
export function emptyGuestPagesState(pages: number): GuestPagesState {
  const shift = chunkShiftFor(pages);
  const chunkCount = Math.ceil(pages / 2 ** shift);
  const initial = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO);
  const bytes = zeroedUint8Array(pages).fill(initial);
  const counts = new Int32Array(256);
  counts[initial] = pages;
  const classTotals = new Int32Array(8);
  classTotals[CLASS_FREE] = pages;
  const hvTotals = new Int32Array(8);
  hvTotals[HV_UNBACKED] = pages;
  const chunks = zeroedUint16Array(chunkCount * CHUNK_STRIDE);
  const bits = new ChunkBits(chunkCount);
  for (let c = 0; c < chunkCount; c++) {
    const n = Math.min(2 ** shift, pages - c * 2 ** shift);
    chunks[c * CHUNK_STRIDE + CLASS_FREE] = n;
    chunks[c * CHUNK_STRIDE + HV_COLUMN + HV_UNBACKED] = n;
    bits.set(c);
  }
  return {
    pages,
    bytes,
    counts,
    classTotals,
    hvTotals,
    chunks,
    freeWords: bits.words,
    freeSummary: bits.summary,
    freeHint: 0,
    cursors: new Int32Array(CURSORS),
    changes: 0,
  };
}
