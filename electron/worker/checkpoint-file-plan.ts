import type { WorldVersion } from '../../core/engine/world-version';
import { isFillBlock, type BlockArray } from '../../core/memory/block-versions';
import {
  isDeltaKind,
  packedBytes,
  type BlockKind,
  type ListKind,
} from '../../core/session/checkpoint-block-bytes';
import { spreadPicks } from './checkpoint-file-spread';
import {
  blockListsOf,
  maxFileCheckpoints,
  type BlockList,
  type PackInfo,
} from '../../core/session/checkpoint-blocks';

/** A pack of blocks as a file holds it (checkpoint-file.ts). */
export interface Pack {
  /** Its blocks; `bases` numbered as in the file it came from (each save numbers them anew). */
  info: PackInfo;
  /** Compressed. */
  bytes: Uint8Array;
  /** Per delta block: the block object it is a delta of (known once written, or read from a file). */
  baseOf: (BlockArray | undefined)[];
}

export interface Entry {
  pack: Pack;
  index: number;
}

/** A block new to this save, with the list kind it belongs to. */
export interface Fresh {
  block: BlockArray;
  kind: ListKind;
  /** Which checkpoint of the plan brought it (0: the newest): packs never mix two. */
  slot: number;
  /** Kept as a delta of this block (the one at its place in the next newer checkpoint), or whole. */
  base: BlockArray | null;
}

export interface Picked {
  tick: number;
  version: WorldVersion;
  /** Engine work since the checkpoint before it, ms, when the run took it (see spreadPicks). */
  workMs?: number;
}

/** Compressed bytes per raw byte seen so far, per list kind: of blocks kept whole and of deltas. */
export interface Ratios {
  raw: number[];
  delta: number[];
}

/**
 * The ratios before a save measured any: page-byte deltas at what saves of basics and
 * datacenter-2x measured (0.019 to 0.035); at 0.04 the first save of an hour of datacenter-2x
 * held 17 to 23 earlier checkpoints, at 0.025 31.
 */
export function firstRatios(): Ratios {
  return { raw: [0.15, 0.03, 0.01], delta: [0.025, 0.02, 0.02] };
}

/** What a file of some checkpoints needs: the blocks to compress, its estimated compressed bytes, and the raw bytes it keeps of each known pack. */
export interface Decided {
  fresh: Fresh[];
  bytes: number;
  live: Map<Pack, number>;
}

/** Whether a pack of which a file needs `rawNeeded` bytes is compressed anew with those alone. */
function repacked(pack: Pack, rawNeeded: number): boolean {
  return rawNeeded < pack.info.rawBytes / 2;
}

/**
 * What a known pack costs a file that needs `rawNeeded` of its raw bytes: the whole pack (it goes
 * in whole), or, if it is to be compressed anew with those alone, their share of it. Charged whole
 * while checkpoints were being picked, the packs of a save before made each next save of the same
 * run hold fewer earlier checkpoints (an hour of datacenter-2x: 17, then 6, then 5).
 */
function keptPackBytes(pack: Pack, rawNeeded: number): number {
  return repacked(pack, rawNeeded)
    ? (pack.bytes.byteLength * rawNeeded) / pack.info.rawBytes
    : pack.bytes.byteLength;
}

/** Whether `a` and `b` are the same block of the same pack. */
function sameEntry(a: Entry | undefined, b: Entry | undefined): boolean {
  return a !== undefined && b !== undefined && a.pack === b.pack && a.index === b.index;
}

/**
 * Decides what a file of some checkpoints holds: the newest whole, every earlier one's blocks
 * that differ from the next newer one's as deltas of those (whole where there is no block of
 * the same size to be a delta of), each block once. A block a file already holds that way stays
 * in its pack; the others are compressed anew.
 */
export class Planner {
  constructor(
    private readonly known: WeakMap<BlockArray, Entry>,
    private readonly fillOf: WeakMap<BlockArray, BlockArray>,
    private readonly ratios: Ratios,
  ) {}

  private isFill(block: BlockArray): boolean {
    return isFillBlock(block) || this.fillOf.has(block);
  }

  /**
   * The checkpoints of `kept` (oldest first) a file of `budgetBytes` holds: the newest, and as
   * many earlier ones as the estimate fits (at most {@link maxFileCheckpoints}), spread by the
   * engine work between them (checkpoint-file-spread.ts); with what that needs, packs mostly of
   * blocks no longer held compressed anew. `indexBytes` estimates the index of a file of those
   * picked (the budget holds it too).
   */
  async choose(
    kept: readonly Picked[],
    budgetBytes: number,
    pause: () => Promise<void>,
    indexBytes: (picked: readonly Picked[]) => Promise<number> = async () => 0,
  ): Promise<{ picked: Picked[]; decided: Decided }> {
    const newest = kept.at(-1)!;
    const earlier = kept.slice(0, -1);
    const alone = await this.decide([newest], new Set(), pause);
    const aloneBytes = alone.bytes + (await indexBytes([newest]));
    let picked = [newest];
    let decided = alone;
    // Aimed a little under the budget: what new blocks compress to is an estimate.
    const aim = budgetBytes * 0.9;
    const most = Math.min(earlier.length, maxFileCheckpoints - 1);
    if (most > 0 && aloneBytes < aim) {
      // From few earlier ones to more: a look at a checkpoint's blocks costs the same whether it
      // goes in or not (115,000 on a large host), so the first look is at few of them, each next
      // one at the count the last one's cost says fits (at most four times as many: the oldest,
      // at tick 0, cost almost nothing and tell little).
      let count = Math.min(most, 4);
      // The most seen to fit, and the fewest seen not to.
      let fit = 0;
      let over = most + 1;
      for (let tries = 0; tries < 8; tries++) {
        const some = spreadPicks(earlier, newest, count);
        const d = await this.decide(some, new Set(), pause);
        // The earlier ones cost about in proportion to their count.
        const bytes = d.bytes + (await indexBytes(some));
        const share = (bytes - aloneBytes) / (aim - aloneBytes);
        const fits = bytes <= aim;
        if (fits) {
          picked = some;
          decided = d;
          fit = count;
        } else over = count;
        const guess = Math.floor(count / Math.max(share, 1e-9));
        // Fits, and the estimate says not many more would: each look costs as much as a save's share.
        if (fits && (count >= most || guess <= count * 1.05)) break;
        const next = fits
          ? Math.min(guess, count * 4, over - 1, most)
          : Math.max(Math.min(guess, over - 1), fit + 1);
        if (next <= fit || next >= over) break;
        count = next;
      }
    }
    const repack = new Set<Pack>();
    for (const [pack, raw] of decided.live) if (repacked(pack, raw)) repack.add(pack);
    if (repack.size > 0) decided = await this.decide(picked, repack, pause);
    return { picked, decided };
  }

  /** What a file of `picked` (oldest first) needs; the blocks it holds of `repack` are compressed anew. */
  async decide(
    picked: readonly Picked[],
    repack: ReadonlySet<Pack>,
    pause: () => Promise<void>,
  ): Promise<Decided> {
    const fresh: Fresh[] = [];
    const live = new Map<Pack, number>();
    const seen = new Set<BlockArray>();
    let bytes = 0;
    let newer: BlockList[] | null = null;
    for (let i = picked.length - 1; i >= 0; i--) {
      // The engine runs on between two looks at a checkpoint's blocks (on a large host, 115,000).
      await pause();
      const lists = blockListsOf(picked[i]!.version);
      const slot = picked.length - 1 - i;
      const above: BlockList[] | null = newer;
      lists.forEach((list, l) => {
        const over = above?.[l]?.blocks;
        list.blocks.forEach((block, b) => {
          if (this.isFill(block) || seen.has(block)) return;
          seen.add(block);
          const y = over?.[b];
          // Page lists stay whole (as runs they take a tenth of what their deltas would).
          const base =
            list.kind !== 2 &&
            y !== undefined &&
            y !== block &&
            !this.isFill(y) &&
            y.BYTES_PER_ELEMENT === block.BYTES_PER_ELEMENT &&
            y.length === block.length
              ? y
              : null;
          const entry = this.known.get(block);
          // The block at its place in the next newer one under another object (an opened file's).
          if (base !== null && sameEntry(entry, this.known.get(base))) return;
          if (entry !== undefined && !repack.has(entry.pack) && this.stays(entry, above === null, base)) {
            const { info } = entry.pack;
            const raw = packedBytes(
              info.kinds[entry.index] as BlockKind,
              info.lengths[entry.index]!,
              info.runs[entry.index]!,
            );
            live.set(entry.pack, (live.get(entry.pack) ?? 0) + raw);
          } else {
            fresh.push({ block, kind: list.kind, slot, base: above === null ? null : base });
            bytes +=
              block.byteLength *
              (base !== null && above !== null ? this.ratios.delta : this.ratios.raw)[list.kind]!;
          }
        });
      });
      newer = lists;
    }
    for (const [pack, raw] of live) bytes += keptPackBytes(pack, raw);
    return { fresh, bytes, live };
  }

  /**
   * Whether a known block stays as its file holds it: the newest's whole; an earlier one's as a
   * delta of `base` (the block at its place in the next newer checkpoint), or whole without one.
   */
  private stays(entry: Entry, newest: boolean, base: BlockArray | null): boolean {
    const delta = isDeltaKind(entry.pack.info.kinds[entry.index]!);
    if (newest) return !delta;
    if (!delta) return base === null;
    const was = entry.pack.baseOf[entry.index];
    if (was === undefined || base === null) return false;
    if (was === base) return true;
    // The same block of a file under another object (an opened file's newest, now the engine's).
    if (!sameEntry(this.known.get(was), this.known.get(base))) return false;
    entry.pack.baseOf[entry.index] = base;
    return true;
  }
}

/**
 * The newest of `picked` and as many earlier ones, newest first, as the compressed packs their
 * blocks lie in (`packOf`) fit `budgetBytes` (the newest whatever its size); oldest first.
 * `pause` lets the engine run between two checkpoints looked through.
 */
export async function fittingPacks(
  picked: readonly Picked[],
  budgetBytes: number,
  packOf: (block: BlockArray) => Pack | undefined,
  pause: () => Promise<void>,
): Promise<Picked[]> {
  const packs = new Set<Pack>();
  let bytes = 0;
  let from = picked.length - 1;
  for (let i = picked.length - 1; i >= 0; i--) {
    await pause();
    for (const list of blockListsOf(picked[i]!.version))
      for (const block of list.blocks) {
        const pack = packOf(block);
        if (pack !== undefined && !packs.has(pack)) {
          packs.add(pack);
          bytes += pack.bytes.byteLength;
        }
      }
    if (bytes > budgetBytes && i < picked.length - 1) break;
    from = i;
  }
  return picked.slice(from);
}
