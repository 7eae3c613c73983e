import type { EngineSnapshot } from '../engine/engine-types';
import { maxPackRawBytes, maxTotalRawBytes, type BlockIndex } from './checkpoint-blocks';

/** The first block number of each pack, and past the last one (blocks are numbered across the packs). */
function startsOf(counts: readonly number[]): Float64Array {
  const starts = new Float64Array(counts.length + 1);
  counts.forEach((n, p) => (starts[p + 1] = starts[p]! + n));
  return starts;
}

/** The packs holding blocks `refs` refer to (fills, negative, hold none), in order. */
function packsReferred(starts: Float64Array, refs: Iterable<Int32Array>, decode: boolean): number[] {
  const packs = starts.length - 1;
  const marked = new Uint8Array(packs);
  const blocks = starts[packs]!;
  let p = 0;
  for (const list of refs) {
    let prev = 0;
    for (let k = 0; k < list.length; k++) {
      const r = decode ? (prev = (list[k]! + prev) | 0) : list[k]!;
      if (r < 0 || r >= blocks) continue;
      // Blocks lie mostly in order: the pack of the one before first.
      if (r < starts[p]! || r >= starts[p + 1]!) {
        let lo = 0;
        let hi = packs - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (starts[mid]! <= r) lo = mid;
          else hi = mid - 1;
        }
        p = lo;
      }
      marked[p] = 1;
    }
  }
  const out: number[] = [];
  marked.forEach((m, i) => m === 1 && out.push(i));
  return out;
}

/** The packs the newest checkpoint of `index` refers to, in order. */
export function newestPacksOf(index: BlockIndex): number[] {
  return packsReferred(
    startsOf(index.packs.map((p) => p.kinds.length)),
    index.checkpoints.at(-1)!.refs,
    false,
  );
}

/**
 * The packs the newest checkpoint refers to and their sizes, read from an index only decoded
 * (decodeCheckpoint), not yet checked: so that they are decompressed while the index is checked.
 * Null when it does not have the shape of one (decodeBlockIndex then says what is wrong); a
 * damaged one may name other packs, which costs decompressing those, never more than a file may hold.
 */
export function guessNewestPacks(index: EngineSnapshot): { pack: number; rawBytes: number }[] | null {
  const packs = index.state['packs'];
  const checkpoints = index.state['checkpoints'];
  if (!Array.isArray(packs) || !Array.isArray(checkpoints) || checkpoints.length === 0) return null;
  const counts: number[] = [];
  const sizes: number[] = [];
  for (const p of packs as unknown[]) {
    const info = p as { kinds?: unknown; rawBytes?: unknown } | null;
    const size = info?.rawBytes;
    if (!(info?.kinds instanceof Uint8Array) || !Number.isSafeInteger(size)) return null;
    if ((size as number) < 0 || (size as number) > maxPackRawBytes) return null;
    counts.push(info.kinds.length);
    sizes.push(size as number);
  }
  const refs = (checkpoints.at(-1) as { refs?: unknown } | null)?.refs;
  if (!Array.isArray(refs) || !refs.every((r) => r instanceof Int32Array)) return null;
  // Format 1 kept the references as they are, later ones as differences (codeRefs).
  const newest = packsReferred(startsOf(counts), refs as Int32Array[], index.state['format'] !== 1);
  let total = 0;
  for (const p of newest) total += sizes[p]!;
  if (total > maxTotalRawBytes) return null;
  return newest.map((pack) => ({ pack, rawBytes: sizes[pack]! }));
}
