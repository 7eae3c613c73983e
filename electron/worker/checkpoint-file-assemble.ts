import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import type { WorldVersion } from '../../core/engine/world-version';
import { isFillBlock, type BlockArray } from '../../core/memory/block-versions';
import {
  deltaKindBase,
  isDeltaKind,
  isRunDeltaKind,
  packedBytes,
  type BlockKind,
  type ListKind,
} from '../../core/session/checkpoint-block-bytes';
import {
  blockListsOf,
  encodeBlockIndex,
  type FillTable,
  type IndexedCheckpoint,
  type PackInfo,
} from '../../core/session/checkpoint-blocks';
import type { CheckpointFileParts } from './checkpoint-file';
import type { Entry, Pack, Picked } from './checkpoint-file-plan';

/** Where a save finds its blocks: each block's pack, and the shared block of one value a block stands for. */
export interface KnownBlocks {
  readonly known: WeakMap<BlockArray, Entry>;
  readonly fillOf: WeakMap<BlockArray, BlockArray>;
  /** A checkpoint's small state as bytes, a delta of `newer`'s when there is one. */
  smallOf(version: WorldVersion, newer: WorldVersion | null): Uint8Array;
}

/** The parts of a file holding `picked` (oldest first), whose blocks are all known; its index not yet deflated. */
export function assembleFile(picked: readonly Picked[], from: KnownBlocks): CheckpointFileParts {
  const packs: Pack[] = [];
  const base = new Map<Pack, number>();
  const liveOf = new Map<Pack, Uint8Array>();
  const deltas: Entry[] = [];
  let blocks = 0;
  const place = (entry: Entry): number => {
    let first = base.get(entry.pack);
    if (first === undefined) {
      first = blocks;
      blocks += entry.pack.info.kinds.length;
      base.set(entry.pack, first);
      liveOf.set(entry.pack, new Uint8Array(entry.pack.info.kinds.length));
      packs.push(entry.pack);
    }
    const live = liveOf.get(entry.pack)!;
    if (live[entry.index] === 0 && isDeltaKind(entry.pack.info.kinds[entry.index]!)) deltas.push(entry);
    live[entry.index] = 1;
    return first + entry.index;
  };
  const entryOf = (block: BlockArray): Entry => {
    const entry = from.known.get(block);
    if (entry === undefined) throw new Error('a block of a checkpoint to save is in no pack');
    return entry;
  };
  const fills = { kinds: [] as number[], lengths: [] as number[], values: [] as number[] };
  const fillIds = new Map<BlockArray, number>();
  const refOf = (placed: BlockArray, kind: ListKind): number => {
    const block = from.fillOf.get(placed) ?? placed;
    if (isFillBlock(block)) {
      let f = fillIds.get(block);
      if (f === undefined) {
        f = fills.kinds.length;
        fillIds.set(block, f);
        fills.kinds.push(kind);
        fills.lengths.push(block.length);
        fills.values.push(block[0]!);
      }
      return -1 - f;
    }
    return place(entryOf(block));
  };
  const checkpoints: IndexedCheckpoint[] = picked.map((c, i) => ({
    tick: c.tick,
    small: from.smallOf(c.version, picked[i + 1]?.version ?? null),
    refs: blockListsOf(c.version).map((list) => Int32Array.from(list.blocks, (b) => refOf(b, list.kind))),
  }));
  // The bases of the deltas held (blocks of the next newer checkpoints, so held already).
  const baseRef = new Map<Entry, number>();
  for (let d = 0; d < deltas.length; d++) {
    const e = deltas[d]!;
    const of = e.pack.baseOf[e.index];
    if (of === undefined) throw new Error('a delta to save has no base');
    baseRef.set(e, place(entryOf(of)));
  }
  const baseAt = new Map<Pack, Int32Array>();
  for (const [e, r] of baseRef) {
    let bases = baseAt.get(e.pack);
    if (bases === undefined) {
      bases = new Int32Array(e.pack.info.kinds.length).fill(-1);
      baseAt.set(e.pack, bases);
    }
    bases[e.index] = r;
  }
  const infos = packs.map((pack): PackInfo => ({
    ...withDeadDeltasWhole(pack.info, liveOf.get(pack)!),
    bases: baseAt.get(pack) ?? new Int32Array(pack.info.kinds.length).fill(-1),
  }));
  const newest = picked.at(-1)!;
  const fillTable: FillTable = {
    kinds: Uint8Array.from(fills.kinds),
    lengths: Uint32Array.from(fills.lengths),
    values: Int32Array.from(fills.values),
  };
  const index = encodeBlockIndex({
    engineVersion: newest.version.engineVersion,
    scenario: newest.version.scenario,
    packs: infos,
    fills: fillTable,
    checkpoints,
  });
  return { tick: newest.tick, index, packs: packs.map((p) => p.bytes) };
}

/**
 * `info` with the deltas no checkpoint of the file needs (`live` 0) held as blocks of their list's
 * kind of the same bytes, never read, so that they need no base: whole ones (kinds 4 and 5) as
 * they are, runs (kinds 7 and 8) as page bytes as long as their bytes.
 */
function withDeadDeltasWhole(info: PackInfo, live: Uint8Array): Omit<PackInfo, 'bases'> {
  const { kinds } = info;
  if (!kinds.some((k, i) => isDeltaKind(k) && live[i] === 0)) return info;
  const out = { ...info, kinds: kinds.slice(), lengths: info.lengths.slice(), runs: info.runs.slice() };
  kinds.forEach((k, i) => {
    if (!isDeltaKind(k) || live[i] !== 0) return;
    if (isRunDeltaKind(k)) {
      out.kinds[i] = 0;
      out.lengths[i] = packedBytes(k as BlockKind, info.lengths[i]!, info.runs[i]!);
      out.runs[i] = 0;
    } else out.kinds[i] = k - deltaKindBase;
  });
  return out;
}

const deflate = promisify(deflateRaw);

/**
 * The file of the newest of `picked` (oldest first) and as many earlier ones as fit `budgetBytes`
 * with its packs and deflated index (the newest whatever its size), the oldest going first. The
 * index was estimated from the two newest checkpoints' small states, but those of checkpoints far
 * apart differ more: a second save of the same run, picking others, came out 60% over.
 * `pause` lets the engine run between two tries.
 */
export async function assembleWithin(
  picked: readonly Picked[],
  budgetBytes: number,
  from: KnownBlocks,
  pause: () => Promise<void>,
): Promise<CheckpointFileParts> {
  let fitting = picked;
  for (;;) {
    for (let i = 0; i < fitting.length; i++) {
      await pause();
      from.smallOf(fitting[i]!.version, fitting[i + 1]?.version ?? null);
    }
    const { tick, index, packs } = assembleFile(fitting, from);
    const deflated = await deflate(index, { level: 1 });
    const bytes = packs.reduce((n, pack) => n + pack.byteLength, deflated.byteLength);
    if (bytes <= budgetBytes || fitting.length === 1) return { tick, index: deflated, packs };
    fitting = fitting.slice(1);
  }
}
