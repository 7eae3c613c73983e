import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliDecompress,
  constants,
  deflateRaw,
  deflateRawSync,
  inflateRawSync,
} from 'node:zlib';
import type { Engine, EngineSnapshot } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import { restoreWorldAdopting, type WorldVersion } from '../../core/engine/world-version';
import { copyBlock, isFillBlock, type BlockArray } from '../../core/memory/block-versions';
import type { Scenario } from '../../core/scenario/scenario-schema';
import {
  deltaKindBase,
  isDeltaKind,
  packedBytes,
  storedKind,
  writeBlock,
  writeDelta,
  type BlockKind,
  type ListKind,
} from '../../core/session/checkpoint-block-bytes';
import {
  blockListsOf,
  decodeBlockIndex,
  encodeBlockIndex,
  encodeSmallState,
  smallStateOf,
  type FillTable,
  type BlockIndex,
  type IndexedCheckpoint,
  type PackInfo,
} from '../../core/session/checkpoint-blocks';
import { checkShapes } from '../../core/session/checkpoint-restore';
import { xorSmallState } from '../../core/session/checkpoint-small-delta';
import { SessionError } from '../../core/session/session-error';
import { Planner, type Entry, type Fresh, type Pack, type Picked, type Ratios } from './checkpoint-file-plan';
import {
  checkedRaw,
  damaged,
  maxIndexBytes,
  packOptions,
  prepareNewest,
  readerOf,
  type PreparedNewest,
} from './checkpoint-file-open';
import { warmEarlier } from './checkpoint-file-warm';
import type { CheckpointStore } from './checkpoint-store';

/**
 * A run's checkpoints as a session file keeps them (core/session/checkpoint-blocks.ts): the
 * index and the packs of blocks, each pack compressed on its own (brotli).
 */
export interface CheckpointFileParts {
  /** Tick of the newest checkpoint. */
  tick: number;
  /** The index, raw DEFLATE. */
  index: Uint8Array;
  packs: Uint8Array[];
}

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);
const deflate = promisify(deflateRaw);
/** Raw bytes per new pack at most: packs are compressed side by side on zlib's threads. */
const newPackBytes = 16 * 1024 * 1024;
const brotliParams = {
  // Quality 4: a whole 256 GiB host's state in a few seconds of zlib's threads, 5% larger than 5.
  [constants.BROTLI_PARAM_QUALITY]: 4,
  [constants.BROTLI_PARAM_LGWIN]: 22,
};

/** A turn of the event loop: the engine's run and commands go on between two slices of a save. */
function yieldToEngine(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes and reads the checkpoints of session files. Every block it wrote or read is known with
 * its compressed pack (by the block object, which a run shares between checkpoints and never
 * changes), so a save compresses only the blocks changed since the last one: the first save of a
 * large host costs its whole state, the next ones their changes, and the engine's thread only
 * copies the new blocks while zlib's threads compress them.
 */
export class CheckpointFiles {
  private readonly known = new WeakMap<BlockArray, Entry>();
  /** Blocks of one value that are not the shared block of it (an opened file's, in the engine's arrays): that shared block. */
  private readonly fillOf = new WeakMap<BlockArray, BlockArray>();
  /** A checkpoint's small state as bytes, as a delta of `newer`'s when there is one (versions never change). */
  private readonly smallBytes = new WeakMap<
    WorldVersion,
    { newer: WorldVersion | null; bytes: Uint8Array }
  >();
  /**
   * The newest checkpoint of an opened file, whose blocks are views of the engine's arrays until
   * the engine first writes there (then copies of them): the file's entries by place, known again
   * at every save.
   */
  private opened: { version: WorldVersion; entryAt: (list: number, block: number) => Entry | null } | null =
    null;
  /** Compressed bytes per raw byte seen so far, per list kind (estimates what new blocks will cost). */
  private readonly ratios: Ratios = { raw: [0.15, 0.03, 0.01], delta: [0.04, 0.02, 0.02] };
  /** The file opened last (its earlier checkpoints are being built in the background while it is). */
  private openedFile: object | null = null;
  /** The save in progress (saves run one after another). */
  private saving: Promise<unknown> = Promise.resolve();
  /** The newest checkpoint of a file about to be opened, written ahead ({@link prepare}). */
  private prepared: PreparedNewest | null = null;
  /** The parts {@link prepare} was last asked for. */
  private preparing: CheckpointFileParts | null = null;

  /** A new run: the last opened file's newest checkpoint is no longer kept (it is half a GiB on a large host). */
  reset(): void {
    this.opened = null;
    this.openedFile = null;
  }

  /**
   * Decompresses the packs the newest checkpoint of `parts` refers to side by side on zlib's
   * threads and writes it into the arrays the engine will adopt meanwhile, for {@link open} to
   * take; a file that does not read is left for open to refuse.
   */
  async prepare(parts: CheckpointFileParts): Promise<void> {
    this.prepared = null;
    this.preparing = parts;
    const ready = await prepareNewest(parts);
    // Only the last one asked for is kept: an earlier one finishing late would hold its arrays for nothing.
    if (this.preparing === parts) this.prepared = ready;
  }

  /**
   * The newest of `kept` (oldest first) and as many earlier ones, evenly spread over the run, as
   * fit `budgetBytes` of compressed bytes together (the newest goes in whatever its size).
   */
  save(kept: readonly Picked[], budgetBytes: number): Promise<CheckpointFileParts> {
    // One save at a time: the next one (an autosave meeting a save) finds the blocks the last compressed.
    const run = this.saving.then(() => this.saveNow(kept, budgetBytes));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async saveNow(kept: readonly Picked[], budgetBytes: number): Promise<CheckpointFileParts> {
    if (kept.length === 0) throw new Error('no checkpoint to save');
    this.knowOpened();
    const planner = new Planner(this.known, this.fillOf, this.ratios);
    const indexBytes = await this.indexEstimate(kept);
    const { picked, decided } = await planner.choose(kept, budgetBytes, yieldToEngine, indexBytes);
    const fresh = await this.compressFresh(decided.fresh);
    for (const [block, entry] of fresh) this.known.set(block, entry);
    // The estimate may have been short: the oldest go until the packs fit (a delta's base lies in
    // the next newer checkpoint, so those left still hold theirs).
    const fitting = await this.fitting(picked, budgetBytes - indexBytes(picked.length - 1));
    for (let i = 0; i < fitting.length; i++) {
      await yieldToEngine();
      this.smallOf(fitting[i]!.version, fitting[i + 1]?.version ?? null);
    }
    const { tick, index, packs } = this.assemble(fitting);
    return { tick, index: await deflate(index, { level: 1 }), packs };
  }

  /**
   * The index bytes of a file of `kept`'s newest and so many earlier ones, estimated from the
   * newest's small state and the delta of the one before it, half as large again (those picked
   * lie further apart), and a quarter byte per reference of each earlier one (mostly unchanged).
   */
  private async indexEstimate(kept: readonly Picked[]): Promise<(earlier: number) => number> {
    const newest = kept.at(-1)!.version;
    const own = await deflate(this.smallOf(newest, null), { level: 1 });
    const before = kept.at(-2)?.version;
    const delta = before !== undefined ? this.smallOf(before, newest).byteLength : 0;
    const refs = blockListsOf(newest).reduce((n, list) => n + list.blocks.length, 0);
    return (earlier) => own.byteLength + earlier * (delta * 1.5 + refs / 4);
  }

  /**
   * The opened file's entries by place, for the objects now at those places; a place the file
   * held as a block of one value is known as that value's shared block.
   */
  private knowOpened(): void {
    if (this.opened === null) return;
    const { version, entryAt } = this.opened;
    blockListsOf(version).forEach((list, l) =>
      list.blocks.forEach((block, b) => {
        if (isFillBlock(block) || this.known.has(block) || this.fillOf.has(block)) return;
        const entry = entryAt(l, b);
        if (entry) this.known.set(block, entry);
        else this.fillOf.set(block, copyBlock(block, 0, block.length));
      }),
    );
  }

  /**
   * Packs of the new blocks, one list kind per pack, compressed side by side on zlib's threads;
   * the engine runs on between two packs being laid out.
   */
  private async compressFresh(fresh: readonly Fresh[]): Promise<Map<BlockArray, Entry>> {
    const groups: Fresh[][] = [];
    let bytes = Infinity;
    let kind = -1;
    let slot = -1;
    let delta = false;
    // Packs of one list kind each, whole blocks or deltas (they compress better, and show what
    // each costs) and of one checkpoint each (one that does not fit after all takes its packs
    // along, and one built from deltas decompresses only its own).
    const deltaFirst = (f: Fresh): number => (f.base === null ? 1 : 0);
    for (const f of [...fresh].sort(
      (a, b) => a.slot - b.slot || a.kind - b.kind || deltaFirst(a) - deltaFirst(b),
    )) {
      if (
        f.kind !== kind ||
        f.slot !== slot ||
        (f.base !== null) !== delta ||
        bytes + f.block.byteLength > newPackBytes
      ) {
        groups.push([]);
        bytes = 0;
      }
      kind = f.kind;
      slot = f.slot;
      delta = f.base !== null;
      groups.at(-1)!.push(f);
      bytes += f.block.byteLength;
    }
    const entries = new Map<BlockArray, Entry>();
    // Per list kind, then the same for deltas.
    const rawPerKind = [0, 0, 0, 0, 0, 0];
    const packedPerKind = [0, 0, 0, 0, 0, 0];
    const compressing: Promise<void>[] = [];
    for (const group of groups) {
      await yieldToEngine();
      const stored = group.map((f) =>
        f.base !== null
          ? { kind: (f.kind + deltaKindBase) as BlockKind, runs: 0 }
          : storedKind(f.kind, f.block),
      );
      const kinds = Uint8Array.from(stored, (k) => k.kind);
      const lengths = Uint32Array.from(group, (f) => f.block.length);
      const runs = Uint32Array.from(stored, (k) => k.runs);
      let rawBytes = 0;
      for (let i = 0; i < group.length; i++)
        rawBytes += packedBytes(kinds[i] as BlockKind, lengths[i]!, runs[i]!);
      const raw = new Uint8Array(rawBytes);
      let at = 0;
      const slot = group[0]!.kind + (group[0]!.base !== null ? 3 : 0);
      group.forEach((f, i) => {
        if (f.base !== null) writeDelta(f.block, f.base, raw, at);
        else writeBlock(kinds[i] as BlockKind, f.block, runs[i]!, raw, at);
        at += packedBytes(kinds[i] as BlockKind, lengths[i]!, runs[i]!);
        rawPerKind[slot]! += f.block.byteLength;
      });
      const bases = new Int32Array(group.length).fill(-1);
      compressing.push(
        compress(raw, { params: { ...brotliParams, [constants.BROTLI_PARAM_SIZE_HINT]: rawBytes } }).then(
          (compressed) => {
            const pack: Pack = {
              info: { rawBytes, kinds, lengths, runs, bases },
              bytes: compressed,
              baseOf: group.map((f) => f.base ?? undefined),
            };
            group.forEach((f, index) => entries.set(f.block, { pack, index }));
            packedPerKind[slot]! += compressed.byteLength;
          },
        ),
      );
    }
    await Promise.all(compressing);
    // The estimate follows what the blocks of each kind cost (once there are enough to tell).
    rawPerKind.forEach((r, k) => {
      if (r > 1024 * 1024) (k < 3 ? this.ratios.raw : this.ratios.delta)[k % 3] = packedPerKind[k]! / r;
    });
    return entries;
  }

  /** The parts of a file holding `picked` (oldest first), whose blocks are all known; its index not yet deflated. */
  private assemble(picked: readonly Picked[]): CheckpointFileParts {
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
      const entry = this.known.get(block);
      if (entry === undefined) throw new Error('a block of a checkpoint to save is in no pack');
      return entry;
    };
    const fills = { kinds: [] as number[], lengths: [] as number[], values: [] as number[] };
    const fillIds = new Map<BlockArray, number>();
    const refOf = (placed: BlockArray, kind: ListKind): number => {
      const block = this.fillOf.get(placed) ?? placed;
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
      small: this.smallOf(c.version, picked[i + 1]?.version ?? null),
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
    const infos = packs.map((pack): PackInfo => {
      const { kinds } = pack.info;
      const live = liveOf.get(pack)!;
      // A delta no checkpoint here needs is held as a block of its list's kind (of the same size,
      // never read), so that it needs no base.
      const anyDead = kinds.some((k, i) => isDeltaKind(k) && live[i] === 0);
      return {
        ...pack.info,
        kinds: anyDead
          ? kinds.map((k, i) => (isDeltaKind(k) && live[i] === 0 ? k - deltaKindBase : k))
          : kinds,
        bases: baseAt.get(pack) ?? new Int32Array(kinds.length).fill(-1),
      };
    });
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
   * The newest of `picked` and as many earlier ones, newest first, as the compressed packs their
   * blocks lie in fit `budgetBytes` (the newest whatever its size); oldest first.
   */
  private async fitting(picked: readonly Picked[], budgetBytes: number): Promise<Picked[]> {
    const packs = new Set<Pack>();
    let bytes = 0;
    let from = picked.length - 1;
    for (let i = picked.length - 1; i >= 0; i--) {
      await yieldToEngine();
      for (const list of blockListsOf(picked[i]!.version))
        for (const block of list.blocks) {
          const pack = this.known.get(this.fillOf.get(block) ?? block)?.pack;
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

  /**
   * A checkpoint's small state as bytes, encoded once per next newer checkpoint: the newest's as
   * it is, an earlier one's as a delta of the newer one's (checkpoint-small-delta.ts), deflated.
   */
  private smallOf(version: WorldVersion, newer: WorldVersion | null): Uint8Array {
    const known = this.smallBytes.get(version);
    if (known?.newer === newer) return known.bytes;
    const own = smallStateOf(version);
    const bytes =
      newer === null
        ? encodeSmallState(own)
        : deflateRawSync(
            encodeSmallState(xorSmallState(own, smallStateOf(newer)) as Record<string, unknown>),
            { level: 1 },
          );
    this.smallBytes.set(version, { newer, bytes });
    return bytes;
  }

  /**
   * The engine of the newest checkpoint of a file, the earlier ones kept in `store` (built when
   * a jump or a save first needs them); throws SessionError, the store untouched, when the file's
   * checkpoints do not open (damaged, another engine version or scenario, past `maxTick`). The
   * newest is written straight into the engine's arrays, and only the packs it refers to are
   * decompressed now.
   */
  open(parts: CheckpointFileParts, store: CheckpointStore, scenario: Scenario, maxTick: number): Engine {
    const ready = this.prepared?.parts === parts ? this.prepared : null;
    this.prepared = null;
    let index: BlockIndex;
    try {
      index =
        ready?.index ?? decodeBlockIndex(inflateRawSync(parts.index, { maxOutputLength: maxIndexBytes }));
    } catch (error) {
      throw damaged(error);
    }
    if (parts.packs.length !== index.packs.length)
      throw new SessionError(
        'corrupt',
        `The saved checkpoints are damaged: the file holds ${parts.packs.length} packs of blocks, not ${index.packs.length}.`,
      );
    const packs: Pack[] = index.packs.map((info, p) => ({ info, bytes: parts.packs[p]!, baseOf: [] }));
    // The packs prepare decompressed (checked there) are the first known, and its reader goes on.
    const raws = ready?.raws ?? new Map<number, Uint8Array>();
    const reader = ready?.reader ?? readerOf(parts, index, raws);
    // Packs an earlier checkpoint needs, decompressed side by side on zlib's threads before it is built.
    const prefetch = async (i: number): Promise<void> => {
      await Promise.all(
        reader.packsOf(i).map(async (p) => {
          if (raws.has(p)) return;
          const raw = await decompress(parts.packs[p]!, packOptions(index.packs[p]!.rawBytes));
          // One of another size is left for the build to refuse.
          if (raw.byteLength === index.packs[p]!.rawBytes && !raws.has(p))
            raws.set(p, checkedRaw(index, p, raw));
        }),
      );
    };
    reader.checkBelongs(scenario, maxTick);
    const newestAt = index.checkpoints.length - 1;
    const snapshot: EngineSnapshot =
      ready !== null
        ? {
            engineVersion: index.engineVersion,
            scenario,
            tick: index.checkpoints[newestAt]!.tick,
            state: ready.state,
          }
        : reader.newestSnapshot(scenario);
    const newestRefs = index.checkpoints[newestAt]!.refs;
    let opened: ReturnType<typeof restoreWorldAdopting>;
    try {
      // The newest's version is the file's own blocks (the packs' bytes, never written), which the
      // earlier checkpoints share: the first jump back rewrites only the blocks that differ, and
      // the engine copies nothing out of its arrays before writing them.
      opened = restoreWorldAdopting(snapshot, reader.version(newestAt, scenario));
      checkShapes(opened.version);
    } catch (error) {
      throw damaged(error);
    }
    const starts: number[] = [];
    packs.reduce((n, p, i) => ((starts[i] = n), n + p.info.kinds.length), 0);
    const entryOf = (r: number): Entry | null => {
      if (r < 0) return null;
      const p = reader.packOf[r]!;
      return { pack: packs[p]!, index: r - starts[p]! };
    };
    // The file's entries by place in the newest, looked up when a save first needs them (not
    // while the engine is waiting to start).
    this.opened = { version: opened.version, entryAt: (l, b) => entryOf(newestRefs[l]?.[b] ?? -1) };
    // The newest's blocks are the engine's (counted by the store as its own).
    reader.takeBytesMade();
    store.clear();
    index.checkpoints.forEach((c, i) => {
      if (i === newestAt) store.adopt({ tick: c.tick, version: opened.version });
      else
        store.adopt({
          tick: c.tick,
          lazy: () => {
            const version = reader.version(i, scenario);
            const used = new Set<number>();
            for (const [r, block] of reader.takeBlocksRead()) {
              used.add(reader.packOf[r]!);
              const entry = entryOf(r);
              if (entry === null || this.known.has(block)) continue;
              this.known.set(block, entry);
              const base = reader.baseObject(r);
              if (base !== null) entry.pack.baseOf[entry.index] = base;
            }
            // Packs of deltas only: their blocks are built (copies), their bytes no longer needed.
            for (const p of used) if (index.packs[p]!.kinds.every(isDeltaKind)) raws.delete(p);
            return { version, addedBytes: reader.takeBytesMade() };
          },
        });
    });
    const file = {};
    this.openedFile = file;
    void warmEarlier(
      index.checkpoints.slice(0, newestAt).map((c) => c.tick),
      store,
      scenario,
      () => this.openedFile === file,
      prefetch,
    );
    return new SimEngine(opened.world);
  }
}

/** The checkpoints `store` keeps up to `tick` that a file can hold (built now if need be), oldest first. */
export function versionsUpTo(
  store: CheckpointStore,
  tick: number,
  scenario: Scenario,
): { tick: number; version: WorldVersion }[] {
  const out: { tick: number; version: WorldVersion }[] = [];
  for (const t of store.ticks) {
    if (t > tick) break;
    const c = store.nearest(t)!;
    if (c.version === null && c.lazy === undefined) continue;
    try {
      out.push({
        tick: c.tick,
        version: store.versionOf(c, scenario),
        ...(c.workMs !== undefined ? { workMs: c.workMs } : {}),
      });
    } catch {
      // One that does not open (a damaged file) is left out; a jump there replays instead.
    }
  }
  return out;
}
