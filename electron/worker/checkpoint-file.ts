import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliDecompress,
  brotliDecompressSync,
  constants,
  deflateRaw,
  inflateRawSync,
} from 'node:zlib';
import type { Engine } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import { restoreWorldAdopting, type WorldVersion } from '../../core/engine/world-version';
import { copyBlock, isFillBlock, type BlockArray } from '../../core/memory/block-versions';
import type { Scenario } from '../../core/scenario/scenario-schema';
import {
  packedBytes,
  storedKind,
  writeBlock,
  type BlockKind,
  type ListKind,
} from '../../core/session/checkpoint-block-bytes';
import {
  blockListsOf,
  decodeBlockIndex,
  encodeBlockIndex,
  encodeSmallState,
  maxFileCheckpoints,
  smallStateOf,
  type FillTable,
  type BlockIndex,
  type IndexedCheckpoint,
} from '../../core/session/checkpoint-blocks';
import { BlockFileReader } from '../../core/session/checkpoint-blocks-open';
import { checkShapes } from '../../core/session/checkpoint-restore';
import { SessionError } from '../../core/session/session-error';
import { Plan, spreadOrder, type Entry, type Fresh, type Pack } from './checkpoint-file-plan';
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
/** Largest index once inflated (small state of every checkpoint and their references). */
const maxIndexBytes = 256 * 1024 * 1024;
const brotliParams = {
  // Quality 4: a whole 256 GiB host's state in a few seconds of zlib's threads, 5% larger than 5.
  [constants.BROTLI_PARAM_QUALITY]: 4,
  [constants.BROTLI_PARAM_LGWIN]: 22,
};

/** A turn of the event loop: the engine's run and commands go on between two slices of a save. */
function yieldToEngine(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function damaged(error: unknown): SessionError {
  return error instanceof SessionError
    ? error
    : new SessionError(
        'corrupt',
        `The saved checkpoints are damaged: ${error instanceof Error ? error.message : String(error)}.`,
      );
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
  /** A checkpoint's small state as bytes (versions never change). */
  private readonly smallBytes = new WeakMap<WorldVersion, Uint8Array>();
  /**
   * The newest checkpoint of an opened file, whose blocks are views of the engine's arrays until
   * the engine first writes there (then copies of them): the file's entries by place, known again
   * at every save.
   */
  private opened: { version: WorldVersion; entries: (Entry | null)[][] } | null = null;
  /** Compressed bytes per raw byte seen so far, per list kind (estimates what new blocks will cost). */
  private readonly ratio = [0.15, 0.03, 0.01];
  /** The save in progress (saves run one after another). */
  private saving: Promise<unknown> = Promise.resolve();
  /** Packs of a file about to be opened, decompressed ahead ({@link prepare}). */
  private prepared: { parts: CheckpointFileParts; index: BlockIndex; raws: Map<number, Uint8Array> } | null =
    null;

  /** A new run: the last opened file's newest checkpoint is no longer kept (it is half a GiB on a large host). */
  reset(): void {
    this.opened = null;
  }

  /**
   * Decompresses the packs the newest checkpoint of `parts` refers to side by side on zlib's
   * threads, for {@link open} to take; a file that does not read is left for open to refuse.
   */
  async prepare(parts: CheckpointFileParts): Promise<void> {
    this.prepared = null;
    try {
      const index = decodeBlockIndex(inflateRawSync(parts.index, { maxOutputLength: maxIndexBytes }));
      if (parts.packs.length !== index.packs.length) return;
      const newest = new BlockFileReader(index, () => new Uint8Array(0)).packsOf(
        index.checkpoints.length - 1,
      );
      const raws = new Map<number, Uint8Array>();
      await Promise.all(
        newest.map(async (p) => {
          const size = Math.max(1, index.packs[p]!.rawBytes);
          raws.set(
            p,
            await decompress(parts.packs[p]!, {
              maxOutputLength: size,
              chunkSize: Math.max(64 * 1024, size),
            }),
          );
        }),
      );
      this.prepared = { parts, index, raws };
    } catch {
      // open() decompresses again and says what is wrong.
    }
  }

  /**
   * The newest of `kept` (oldest first) and as many earlier ones, spread over the run, as fit
   * `budgetBytes` of compressed bytes together (the newest goes in whatever its size).
   */
  save(
    kept: readonly { tick: number; version: WorldVersion }[],
    budgetBytes: number,
  ): Promise<CheckpointFileParts> {
    // One save at a time: the next one (an autosave meeting a save) finds the blocks the last compressed.
    const run = this.saving.then(() => this.saveNow(kept, budgetBytes));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async saveNow(
    kept: readonly { tick: number; version: WorldVersion }[],
    budgetBytes: number,
  ): Promise<CheckpointFileParts> {
    const newest = kept.at(-1);
    if (newest === undefined) throw new Error('no checkpoint to save');
    this.knowOpened();
    const plan = new Plan(this.known, this.fillOf, this.ratio);
    plan.add(newest.version);
    const picked = [newest];
    for (const c of spreadOrder(kept.slice(0, -1), newest.tick)) {
      // The engine runs on between two looks at a checkpoint's blocks (on a large host, 115,000).
      await yieldToEngine();
      if (picked.length >= maxFileCheckpoints || !plan.tryAdd(c.version, budgetBytes)) break;
      picked.push(c);
    }
    const fresh = await this.compressFresh(plan.fresh);
    // The estimate may have been short: the earlier ones added last go until the packs fit.
    while (picked.length > 1 && (await this.packedBytes(picked, fresh)) > budgetBytes) picked.pop();
    picked.sort((a, b) => a.tick - b.tick);
    for (const c of picked) {
      await yieldToEngine();
      this.smallOf(c.version);
    }
    const { tick, index, packs } = this.assemble(picked, fresh);
    return { tick, index: await deflate(index, { level: 1 }), packs };
  }

  /**
   * The opened file's entries by place, for the objects now at those places; a place the file
   * held as a block of one value is known as that value's shared block.
   */
  private knowOpened(): void {
    if (this.opened === null) return;
    const { version, entries } = this.opened;
    blockListsOf(version).forEach((list, l) =>
      list.blocks.forEach((block, b) => {
        if (isFillBlock(block) || this.known.has(block) || this.fillOf.has(block)) return;
        const entry = entries[l]![b];
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
    // Packs of one list kind each (they compress better, and show what each kind costs) and of
    // one checkpoint each (one that does not fit after all takes its packs along).
    for (const f of [...fresh].sort((a, b) => a.slot - b.slot || a.kind - b.kind)) {
      if (f.kind !== kind || f.slot !== slot || bytes + f.block.byteLength > newPackBytes) {
        groups.push([]);
        bytes = 0;
      }
      kind = f.kind;
      slot = f.slot;
      groups.at(-1)!.push(f);
      bytes += f.block.byteLength;
    }
    const entries = new Map<BlockArray, Entry>();
    const rawPerKind = [0, 0, 0];
    const packedPerKind = [0, 0, 0];
    const compressing: Promise<void>[] = [];
    for (const group of groups) {
      await yieldToEngine();
      const stored = group.map((f) => storedKind(f.kind, f.block));
      const kinds = Uint8Array.from(stored, (k) => k.kind);
      const lengths = Uint32Array.from(group, (f) => f.block.length);
      const runs = Uint32Array.from(stored, (k) => k.runs);
      let rawBytes = 0;
      for (let i = 0; i < group.length; i++)
        rawBytes += packedBytes(kinds[i] as BlockKind, lengths[i]!, runs[i]!);
      const raw = new Uint8Array(rawBytes);
      let at = 0;
      group.forEach((f, i) => {
        writeBlock(kinds[i] as BlockKind, f.block, runs[i]!, raw, at);
        at += packedBytes(kinds[i] as BlockKind, lengths[i]!, runs[i]!);
        rawPerKind[f.kind]! += f.block.byteLength;
      });
      compressing.push(
        compress(raw, { params: { ...brotliParams, [constants.BROTLI_PARAM_SIZE_HINT]: rawBytes } }).then(
          (compressed) => {
            const pack: Pack = { info: { rawBytes, kinds, lengths, runs }, bytes: compressed };
            group.forEach((f, index) => entries.set(f.block, { pack, index }));
            packedPerKind[group[0]!.kind]! += compressed.byteLength;
          },
        ),
      );
    }
    await Promise.all(compressing);
    // The estimate follows what the blocks of each kind cost (once there are enough to tell).
    rawPerKind.forEach((r, k) => {
      if (r > 1024 * 1024) this.ratio[k] = packedPerKind[k]! / r;
    });
    return entries;
  }

  /** The parts of a file holding `picked` (oldest first), whose blocks are known or in `fresh`; its index not yet deflated. */
  private assemble(
    picked: readonly { tick: number; version: WorldVersion }[],
    fresh: Map<BlockArray, Entry>,
  ): CheckpointFileParts {
    for (const [block, entry] of fresh) this.known.set(block, entry);
    const packs: Pack[] = [];
    const base = new Map<Pack, number>();
    let blocks = 0;
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
      const entry = this.known.get(block)!;
      let first = base.get(entry.pack);
      if (first === undefined) {
        first = blocks;
        blocks += entry.pack.info.kinds.length;
        base.set(entry.pack, first);
        packs.push(entry.pack);
      }
      return first + entry.index;
    };
    const checkpoints: IndexedCheckpoint[] = picked.map((c) => {
      return {
        tick: c.tick,
        small: this.smallOf(c.version),
        refs: blockListsOf(c.version).map((list) => Int32Array.from(list.blocks, (b) => refOf(b, list.kind))),
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
      packs: packs.map((p) => p.info),
      fills: fillTable,
      checkpoints,
    });
    return { tick: newest.tick, index, packs: packs.map((p) => p.bytes) };
  }

  /** Compressed bytes of the packs the blocks of `picked` lie in. */
  private async packedBytes(
    picked: readonly { version: WorldVersion }[],
    fresh: Map<BlockArray, Entry>,
  ): Promise<number> {
    const packs = new Set<Pack>();
    for (const c of picked) {
      await yieldToEngine();
      for (const list of blockListsOf(c.version))
        for (const block of list.blocks) {
          const pack = (fresh.get(block) ?? this.known.get(block))?.pack;
          if (pack !== undefined) packs.add(pack);
        }
    }
    let bytes = 0;
    for (const p of packs) bytes += p.bytes.byteLength;
    return bytes;
  }

  /** A checkpoint's small state as bytes, encoded once (versions never change). */
  private smallOf(version: WorldVersion): Uint8Array {
    let small = this.smallBytes.get(version);
    if (small === undefined) {
      small = encodeSmallState(smallStateOf(version));
      this.smallBytes.set(version, small);
    }
    return small;
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
    const packs: Pack[] = index.packs.map((info, p) => ({ info, bytes: parts.packs[p]! }));
    const raws = new Map<number, Uint8Array>();
    const ahead = ready?.raws ?? null;
    const rawOf = (p: number): Uint8Array => {
      let raw = raws.get(p);
      if (raw !== undefined) return raw;
      raw = ahead?.get(p);
      ahead?.delete(p);
      if (raw !== undefined) {
        if (raw.byteLength !== index.packs[p]!.rawBytes)
          throw damaged(
            new Error(`pack ${p + 1} holds ${raw.byteLength} bytes, not ${index.packs[p]!.rawBytes}`),
          );
        if (raw.byteOffset % 4 !== 0) raw = raw.slice();
        raws.set(p, raw);
        return raw;
      }
      const info = index.packs[p]!;
      try {
        // Sized to come out in one piece instead of being gathered from small ones and copied again.
        const size = Math.max(1, info.rawBytes);
        raw = brotliDecompressSync(parts.packs[p]!, {
          maxOutputLength: size,
          chunkSize: Math.max(64 * 1024, size),
        });
      } catch (error) {
        throw damaged(error);
      }
      if (raw.byteLength !== info.rawBytes)
        throw damaged(new Error(`pack ${p + 1} holds ${raw.byteLength} bytes, not ${info.rawBytes}`));
      if (raw.byteOffset % 4 !== 0) raw = raw.slice();
      raws.set(p, raw);
      return raw;
    };
    const reader = new BlockFileReader(index, rawOf);
    reader.checkBelongs(scenario, maxTick);
    const newestAt = index.checkpoints.length - 1;
    const snapshot = reader.newestSnapshot(scenario);
    let opened: ReturnType<typeof restoreWorldAdopting>;
    try {
      opened = restoreWorldAdopting(snapshot);
      checkShapes(opened.version);
    } catch (error) {
      throw damaged(error);
    }
    // The file's entries by place in the newest (its blocks are the engine's own arrays).
    const newestRefs = index.checkpoints[newestAt]!.refs;
    const starts: number[] = [];
    packs.reduce((n, p, i) => ((starts[i] = n), n + p.info.kinds.length), 0);
    const entryOf = (r: number): Entry | null => {
      if (r < 0) return null;
      let p = starts.length - 1;
      while (starts[p]! > r) p--;
      return { pack: packs[p]!, index: r - starts[p]! };
    };
    this.opened = { version: opened.version, entries: newestRefs.map((refs) => Array.from(refs, entryOf)) };
    // The page lists of the newest are views of arrays the engine never writes (its stacks copy a
    // block out first): earlier checkpoints share them instead of rebuilding half a GiB of them.
    blockListsOf(opened.version).forEach((list, l) => {
      if (list.kind === 2) list.blocks.forEach((block, b) => reader.seed(newestRefs[l]![b]!, block));
    });
    store.clear();
    index.checkpoints.forEach((c, i) => {
      if (i === newestAt) store.adopt({ tick: c.tick, version: opened.version });
      else
        store.adopt({
          tick: c.tick,
          lazy: () => {
            const version = reader.version(i, scenario);
            for (const [r, block] of reader.blocksRead()) {
              const entry = entryOf(r);
              if (entry !== null && !this.known.has(block)) this.known.set(block, entry);
            }
            return version;
          },
        });
    });
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
      out.push({ tick: c.tick, version: store.versionOf(c, scenario) });
    } catch {
      // One that does not open (a damaged file) is left out; a jump there replays instead.
    }
  }
  return out;
}
