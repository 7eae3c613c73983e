import type { WorldVersion } from '../../core/engine/world-version';
import { isFillBlock, type BlockArray } from '../../core/memory/block-versions';
import type { ListKind } from '../../core/session/checkpoint-block-bytes';
import { blockListsOf, type PackInfo } from '../../core/session/checkpoint-blocks';

/** A pack of blocks as a file holds it (checkpoint-file.ts). */
export interface Pack {
  info: PackInfo;
  /** Compressed. */
  bytes: Uint8Array;
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
}

/** The order in which earlier checkpoints go in a file: each one in the middle of the widest gap left. */
export function spreadOrder<T extends { tick: number }>(earlier: readonly T[], newestTick: number): T[] {
  const out: T[] = [];
  const left = [...earlier];
  const chosen = [0, newestTick];
  while (left.length > 0) {
    chosen.sort((a, b) => a - b);
    let gap = -1;
    let mid = 0;
    for (let i = 1; i < chosen.length; i++)
      if (chosen[i]! - chosen[i - 1]! > gap) {
        gap = chosen[i]! - chosen[i - 1]!;
        mid = (chosen[i]! + chosen[i - 1]!) / 2;
      }
    let best = 0;
    for (let i = 1; i < left.length; i++)
      if (Math.abs(left[i]!.tick - mid) < Math.abs(left[best]!.tick - mid)) best = i;
    const [c] = left.splice(best, 1);
    out.push(c!);
    chosen.push(c!.tick);
  }
  return out;
}

/** What a file will hold: its blocks already in packs (counted whole) and the new ones. */
export class Plan {
  readonly fresh: Fresh[] = [];
  private readonly seen = new Set<BlockArray>();
  private readonly packs = new Set<Pack>();
  private bytes = 0;
  /** Checkpoints added so far. */
  private slots = 0;

  constructor(
    private readonly known: WeakMap<BlockArray, Entry>,
    private readonly fillOf: WeakMap<BlockArray, BlockArray>,
    private readonly ratio: readonly number[],
  ) {}

  /** Adds the blocks of `v`. */
  add(v: WorldVersion): void {
    this.bytes += this.collect(v, this.fresh, this.packs, this.seen);
    this.slots++;
  }

  /** Adds the blocks of `v` when the estimate stays within `budgetBytes`; false (and nothing added) otherwise. */
  tryAdd(v: WorldVersion, budgetBytes: number): boolean {
    const fresh: Fresh[] = [];
    const packs = new Set<Pack>();
    const seen = new Set<BlockArray>();
    const added = this.collect(v, fresh, packs, seen);
    if (this.bytes + added > budgetBytes) return false;
    this.bytes += added;
    this.fresh.push(...fresh);
    for (const p of packs) this.packs.add(p);
    for (const b of seen) this.seen.add(b);
    this.slots++;
    return true;
  }

  /** Estimated compressed bytes the blocks of `v` not yet planned add. */
  private collect(v: WorldVersion, fresh: Fresh[], packs: Set<Pack>, seen: Set<BlockArray>): number {
    let added = 0;
    for (const list of blockListsOf(v))
      for (const block of list.blocks) {
        if (isFillBlock(block) || this.fillOf.has(block) || this.seen.has(block) || seen.has(block)) continue;
        seen.add(block);
        const entry = this.known.get(block);
        if (entry === undefined) {
          fresh.push({ block, kind: list.kind, slot: this.slots });
          added += block.byteLength * this.ratio[list.kind]!;
        } else if (!this.packs.has(entry.pack) && !packs.has(entry.pack)) {
          packs.add(entry.pack);
          added += entry.pack.bytes.byteLength;
        }
      }
    return added;
  }
}
