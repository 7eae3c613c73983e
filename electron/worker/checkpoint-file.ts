import { promisify } from 'node:util';
import { brotliDecompress, inflateRawSync } from 'node:zlib';
import type { Engine, EngineSnapshot } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import { restoreWorldAdopting, type WorldVersion } from '../../core/engine/world-version';
import { copyBlock, isFillBlock, type BlockArray } from '../../core/memory/block-versions';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { maxCheckpointArrayBytes } from '../../core/session/checkpoint-array-bound';
import { isDeltaKind } from '../../core/session/checkpoint-block-bytes';
import { blockListsOf, decodeBlockIndex, type BlockIndex } from '../../core/session/checkpoint-blocks';
import { checkShapes } from '../../core/session/checkpoint-restore';
import { damagedCheckpoints } from '../../core/session/session-error';
import {
  firstRatios,
  fittingPacks,
  Planner,
  type Entry,
  type Pack,
  type Picked,
  type Ratios,
} from './checkpoint-file-plan';
import { indexEstimate } from './checkpoint-index-estimate';
import {
  checkedRaw,
  damaged,
  indexBytesOf,
  maxIndexBytes,
  packOptions,
  prepareNewest,
  readerOf,
  type PreparedNewest,
} from './checkpoint-file-open';
import { warmEarlier } from './checkpoint-file-warm';
import { partIntact } from './part-checksum';
import { assembleWithin } from './checkpoint-file-assemble';
import { compressFresh, yieldToEngine } from './checkpoint-file-compress';
import { LastSave } from './last-save';
import { SmallStateBytes } from './checkpoint-small-bytes';
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
  /**
   * The file header's CRC-32 of the index and each pack, checked as each is first decompressed
   * (part-checksum.ts); absent in files written before checksums and in a save's own parts.
   */
  crc32?: { index: number; packs: number[] };
}

const decompress = promisify(brotliDecompress);

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
  private readonly smalls = new SmallStateBytes();
  /**
   * The newest checkpoint of an opened file, views of the engine's arrays until the engine first
   * writes there: the file's entries by place, known again at every save.
   */
  private opened: { version: WorldVersion; entryAt: (list: number, block: number) => Entry | null } | null =
    null;
  /** Compressed bytes per raw byte seen so far, per list kind (estimates what new blocks will cost). */
  private readonly ratios: Ratios = firstRatios();
  /** The file opened last (its earlier checkpoints are being built in the background while it is). */
  private openedFile: object | null = null;
  /** The save in progress (saves run one after another). */
  private saving: Promise<unknown> = Promise.resolve();
  /** The newest checkpoint of a file about to be opened, written ahead ({@link prepare}). */
  private prepared: PreparedNewest | null = null;
  /** The parts {@link prepare} was last asked for. */
  private preparing: CheckpointFileParts | null = null;
  private readonly lastSave = new LastSave();

  /** A new run: the last opened file's newest checkpoint is no longer kept (it is half a GiB on a large host). */
  reset(): void {
    this.opened = null;
    this.openedFile = null;
    this.lastSave.forget();
  }

  /**
   * Decompresses the packs the newest checkpoint of `parts` refers to side by side on zlib's
   * threads and writes it into the arrays the engine will adopt meanwhile, for {@link open} to
   * take; a file that does not read is left for open to refuse. `scenario`: the session's.
   * `index`: its index being inflated already (inflateIndex), when it was.
   */
  async prepare(parts: CheckpointFileParts, scenario: Scenario, index?: Promise<Uint8Array>): Promise<void> {
    this.prepared = null;
    this.preparing = parts;
    const ready = await prepareNewest(parts, maxCheckpointArrayBytes(scenario), index);
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
    const again = this.lastSave.of(kept, budgetBytes);
    if (again !== null) return again;
    this.knowOpened();
    const planner = new Planner(this.known, this.fillOf, this.ratios);
    const indexBytes = await indexEstimate(
      kept,
      (version, newer) => this.smalls.of(version, newer),
      yieldToEngine,
    );
    const { picked, decided } = await planner.choose(kept, budgetBytes, yieldToEngine, indexBytes);
    const fresh = await compressFresh(decided.fresh, this.ratios);
    for (const [block, entry] of fresh) this.known.set(block, entry);
    // The estimate may have been short: the oldest go until the packs fit (a delta's base lies in
    // the next newer checkpoint, so those left still hold theirs).
    const fitting = await fittingPacks(
      picked,
      budgetBytes - (await indexBytes(picked)),
      (block) => this.known.get(this.fillOf.get(block) ?? block)?.pack,
      yieldToEngine,
    );
    const from = {
      known: this.known,
      fillOf: this.fillOf,
      smallOf: (version: WorldVersion, newer: WorldVersion | null) => this.smalls.of(version, newer),
    };
    const parts = await assembleWithin(fitting, budgetBytes, from, yieldToEngine);
    this.lastSave.remember(kept, budgetBytes, parts);
    return parts;
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
        ready?.index ??
        decodeBlockIndex(
          inflateRawSync(indexBytesOf(parts), { maxOutputLength: maxIndexBytes }),
          undefined,
          maxCheckpointArrayBytes(scenario),
        );
    } catch (error) {
      throw damaged(error);
    }
    if (parts.packs.length !== index.packs.length)
      throw damagedCheckpoints(
        `the file holds ${parts.packs.length} packs of blocks, not ${index.packs.length}`,
      );
    const packs: Pack[] = index.packs.map((info, p) => ({ info, bytes: parts.packs[p]!, baseOf: [] }));
    // The packs prepare decompressed (checked there) are the first known, and its reader goes on.
    const raws = ready?.raws ?? new Map<number, Uint8Array>();
    const reader = ready?.reader ?? readerOf(parts, index, raws);
    // Packs an earlier checkpoint needs, decompressed side by side on zlib's threads before it is
    // built; each once, however many of the checkpoints ahead ask for it meanwhile.
    const inflight = new Map<number, Promise<void>>();
    const decompressed = async (p: number): Promise<void> => {
      // One damaged is left for the build to refuse (readerOf checks it again, saying which).
      if (!partIntact(parts.packs[p]!, parts.crc32?.packs[p])) return;
      const raw = await decompress(parts.packs[p]!, packOptions(index.packs[p]!.rawBytes));
      // One of another size is left for the build to refuse.
      if (raw.byteLength === index.packs[p]!.rawBytes && !raws.has(p)) raws.set(p, checkedRaw(index, p, raw));
    };
    const prefetch = async (i: number): Promise<void> => {
      await Promise.all(
        reader.packsOf(i).map((p) => {
          if (raws.has(p)) return undefined;
          let out = inflight.get(p);
          if (out === undefined) {
            out = decompressed(p).finally(() => inflight.delete(p));
            inflight.set(p, out);
          }
          return out;
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
            // Deltas a jump far back built before their base: their base, now that it is built.
            for (const [r, base] of reader.takeBasesBuilt()) {
              const entry = this.known.get(reader.objectOf(r));
              if (entry !== undefined && entry.pack.baseOf[entry.index] === undefined)
                entry.pack.baseOf[entry.index] = base;
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
