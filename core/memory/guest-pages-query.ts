import { CHUNK_STRIDE, HV_COLUMN } from './guest-pages-layout';
import type { GuestPages } from './guest-pages';
import { CLASS_HV_MASK, pageByte } from './page-codes';

/**
 * Up to `limit` pages of `pages` with class `cls` and hv state `hv`, lowest first, scanning only
 * the chunks that hold both (the cost follows those chunks, not the VM's size).
 */
export function pagesWith(pages: GuestPages, cls: number, hv: number, limit: number): number[] {
  const out: number[] = [];
  if (pages.count(cls, hv) === 0) return out;
  const { bytes, chunks, chunkShift } = pages;
  const want = pageByte(cls, hv, 0) & CLASS_HV_MASK;
  for (let c = 0; c < pages.chunkCount && out.length < limit; c++) {
    const base = c * CHUNK_STRIDE;
    if (chunks[base + cls] === 0 || chunks[base + HV_COLUMN + hv] === 0) continue;
    const end = Math.min(pages.pages, (c + 1) << chunkShift);
    for (let p = c << chunkShift; p < end && out.length < limit; p++)
      if ((bytes[p]! & CLASS_HV_MASK) === want) out.push(p);
  }
  return out;
}
