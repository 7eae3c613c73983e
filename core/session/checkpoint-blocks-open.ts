import type { WorldVersion } from '../engine/world-version';
import type { EngineSnapshot } from '../engine/engine-types';
import { engineVersion } from '../engine/engine-version';
import { copyBlock, type BlockArray } from '../memory/block-versions';
import type { Scenario } from '../scenario/scenario-schema';
import { canonicalJson } from '../trace/replay-cursor';
import { applyDelta, decodeStackBlock, isDeltaKind, type BlockKind } from './checkpoint-block-bytes';
import { type BlockIndex } from './checkpoint-blocks';
import { fillSmallState, type ListShape } from './checkpoint-small-state';
import { BlockSlab } from './block-slab';
import { BlockTable } from './checkpoint-block-table';
import { NewestArena } from './checkpoint-newest-arena';
import { checkShapes } from './checkpoint-restore';
import { CheckpointStates, sameShape } from './checkpoint-states';
import { damagedCheckpoints, SessionError } from './session-error';

const arrayOfKind = [Uint8Array, Uint16Array, Int32Array] as const;
const maxOfKind = [0xff, 0xffff, 2 ** 31 - 1] as const;
const minOfKind = [0, 0, -(2 ** 31)] as const;

/**
 * Reads the checkpoints of a session file (core/session/checkpoint-blocks.ts) whose index was
 * decoded: each pack's bytes come from `rawOf` (decompressed by the caller, once), so a caller
 * that needs only the newest checkpoint decompresses only the packs it refers to. Blocks the
 * checkpoints share become one object, as in a run.
 */
export class BlockFileReader {
  /**
   * Per block (numbered across the packs): its pack and its byte offset there, kind, elements and
   * runs; all but the pack known once a block of its pack was read (BlockTable `need`).
   */
  readonly packOf: Uint32Array;
  readonly offsetOf: Float64Array;
  readonly kindOf: Uint8Array;
  readonly lengthOf: Uint32Array;
  readonly runsOf: Uint32Array;
  private readonly baseOf: Int32Array;
  private readonly table: BlockTable;
  /** Block objects made so far, by block number (an array: a Map of a million numbers took most of a build). */
  private readonly objects: (BlockArray | undefined)[];
  /** The shared block of each fill made so far, by fill number. */
  private readonly fillObjects = new Map<number, BlockArray>();
  /** Bytes of block memory made since {@link takeBytesMade} last looked. */
  private bytesMade = 0;
  /** The checkpoint built last, with its lists (the version's own arrays, never written). */
  private last: { i: number; shapes: ListShape[]; lists: BlockArray[][] } | null = null;
  /** Where the blocks built from deltas are carved from. */
  private readonly slab = new BlockSlab();
  /** Blocks read since {@link takeBlocksRead} last looked. */
  private unseen: number[] = [];
  /** Each pack read so far as 32-bit words (page lists are read from them). */
  private readonly words = new Map<number, Int32Array>();
  /** The checkpoints' small states, and the check of their lists. */
  private readonly states: CheckpointStates;

  /**
   * `inflate` undoes the deflate of an earlier checkpoint's small state (a file with
   * {@link BlockIndex.smallDeltas}), refusing one larger than a state may be.
   */
  constructor(
    readonly index: BlockIndex,
    private readonly rawOf: (pack: number) => Uint8Array,
    inflate: ((bytes: Uint8Array) => Uint8Array) | null = null,
  ) {
    this.table = new BlockTable(index);
    this.states = new CheckpointStates(index, this.table, inflate);
    ({
      packOf: this.packOf,
      offsetOf: this.offsetOf,
      kindOf: this.kindOf,
      lengthOf: this.lengthOf,
      runsOf: this.runsOf,
      baseOf: this.baseOf,
    } = this.table);
    // Filled up front: assigned out of order, a growing array would turn into a dictionary.
    this.objects = new Array<BlockArray | undefined>(this.table.count).fill(undefined);
  }

  /** Throws SessionError 'invalid' when the file belongs to another engine version or scenario, or its newest checkpoint lies past `maxTick`. */
  checkBelongs(scenario: Scenario, maxTick: number): void {
    const { index } = this;
    if (index.engineVersion !== engineVersion)
      throw new SessionError(
        'invalid',
        `The checkpoints were made by engine ${index.engineVersion.slice(0, 64)}; this is engine ${engineVersion}.`,
      );
    if (canonicalJson(index.scenario) !== canonicalJson(scenario))
      throw new SessionError('invalid', 'The checkpoints belong to another scenario.');
    const newest = index.checkpoints.at(-1)!.tick;
    if (newest > maxTick)
      throw new SessionError('invalid', `The checkpoint at tick ${newest} is past tick ${maxTick}.`);
  }

  /**
   * The packs building checkpoint `i` reads: those of its blocks not built yet and of the delta
   * bases they are built from, down their chains to a built one (most of an earlier checkpoint
   * is the next newer one's blocks, built with it: their packs were decompressed again for
   * nothing). A hint for decompressing ahead: a damaged chain is refused when it is built.
   */
  packsOf(i: number): number[] {
    // Marks, not a Set: a large host's checkpoint has 115,000 references.
    const marked = new Uint8Array(this.index.packs.length);
    const { objects, packOf, baseOf, kindOf } = this;
    const seen = new Uint8Array(objects.length);
    for (const refs of this.index.checkpoints[i]!.refs)
      for (let k = 0; k < refs.length; k++) {
        let r = refs[k]!;
        // Each block once: a loop in a damaged file ends too.
        for (;;) {
          if (r < 0 || r >= objects.length || objects[r] !== undefined || seen[r] === 1) break;
          seen[r] = 1;
          marked[packOf[r]!] = 1;
          try {
            // Its kind and base are known once its pack is laid out (checked once, as its build would).
            this.table.need(r);
          } catch {
            break;
          }
          if (!isDeltaKind(kindOf[r] as BlockKind)) break;
          r = baseOf[r]!;
        }
      }
    const packs: number[] = [];
    marked.forEach((m, p) => m === 1 && packs.push(p));
    return packs;
  }

  /** The value of fill `f`; throws SessionError 'corrupt' when no list may hold it. */
  fillValue(f: number): number {
    const { fills } = this.index;
    const kind = fills.kinds[f]!;
    const value = fills.values[f]!;
    if (value < minOfKind[kind]! || value > maxOfKind[kind]!)
      throw damagedCheckpoints(`fill ${f + 1} holds an impossible value`);
    return value;
  }

  /** Block `r` as one object (a view of its pack for page bytes and cells, rebuilt for page lists). */
  private blockObject(r: number): BlockArray {
    if (r < 0) {
      const f = -1 - r;
      let fill = this.fillObjects.get(f);
      if (fill === undefined) {
        const whole = new arrayOfKind[this.index.fills.kinds[f]!]!(this.index.fills.lengths[f]!).fill(
          this.fillValue(f),
        );
        // The blocks of one value a run shares, so a file's cost no memory either.
        fill = copyBlock(whole, 0, whole.length);
        this.fillObjects.set(f, fill);
      }
      return fill;
    }
    let block = this.objects[r];
    if (block !== undefined) return block;
    this.table.need(r);
    const kind = this.kindOf[r] as BlockKind;
    // A delta's base first, its chain checked first (it ends within the file's checkpoints).
    if (isDeltaKind(kind)) this.table.checkBases(r);
    const base = isDeltaKind(kind) ? this.blockObject(this.baseOf[r]!) : null;
    const raw = this.rawOf(this.packOf[r]!);
    const at = this.offsetOf[r]!;
    const elements = this.lengthOf[r]!;
    if (base !== null) block = applyDelta(base, raw, at, this.slab.blockLike(base));
    else if (kind === 0) block = raw.subarray(at, at + elements);
    else if (kind === 1) block = new Uint16Array(raw.buffer, raw.byteOffset + at, elements);
    else {
      block = new Int32Array(elements);
      decodeStackBlock(kind, this.wordsOf(this.packOf[r]!), at / 4, elements, this.runsOf[r]!, block, 0);
    }
    this.objects[r] = block;
    this.bytesMade += block.byteLength;
    this.unseen.push(r);
    return block;
  }

  private wordsOf(p: number): Int32Array {
    let words = this.words.get(p);
    if (words === undefined) {
      const raw = this.rawOf(p);
      words = new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength >>> 2);
      this.words.set(p, words);
    }
    return words;
  }

  /**
   * Block `r` is `block` (of the same kind and size, and never to change): a page list of the
   * newest checkpoint, which the engine took as it is, so earlier checkpoints share it instead
   * of rebuilding it.
   */
  seed(r: number, block: BlockArray): void {
    if (r < 0 || r >= this.objects.length) return;
    this.table.need(r);
    if (this.objects[r] === undefined && block.length === this.lengthOf[r]) {
      this.objects[r] = block;
      this.unseen.push(r);
    }
  }

  /** The base of block `r` when it is a delta (its object, read by then), else null. */
  baseObject(r: number): BlockArray | null {
    return r >= 0 && isDeltaKind(this.kindOf[r]!) ? (this.objects[this.baseOf[r]!] ?? null) : null;
  }

  /** The objects of the blocks read since the last call, with their numbers (to know them again when saving). */
  takeBlocksRead(): [number, BlockArray][] {
    const out = this.unseen.map((r): [number, BlockArray] => [r, this.objects[r]!]);
    this.unseen = [];
    return out;
  }

  /** Bytes of block memory made since the last call (what the checkpoints built meanwhile added). */
  takeBytesMade(): number {
    const bytes = this.bytesMade;
    this.bytesMade = 0;
    return bytes;
  }

  /**
   * Checkpoint `i` as a version of the world, its blocks one object per block of the file.
   * Throws SessionError 'corrupt' when its references or shapes do not fit.
   */
  version(i: number, scenario: Scenario): WorldVersion {
    const c = this.index.checkpoints[i]!;
    // Built right after the next newer one (as the checkpoints of an opened file are, newest
    // first), it starts from that one's lists and looks only at the references that differ:
    // a large host's checkpoint has 115,000 of them, of which a few thousand change.
    const prev = this.last?.i === i + 1 ? this.last : null;
    const newerRefs = prev !== null ? this.index.checkpoints[i + 1]!.refs : null;
    const { small, shapes } = this.states.checked(
      i,
      prev !== null && newerRefs !== null ? { shapes: prev.shapes, refs: newerRefs } : null,
    );
    const lists: BlockArray[][] = [];
    const filled = fillSmallState(
      small,
      (shape, l) => {
        const refs = c.refs[l]!;
        let blocks: BlockArray[];
        if (prev !== null && newerRefs !== null && sameShape(prev.shapes[l], shape)) {
          const above = newerRefs[l]!;
          blocks = prev.lists[l]!.slice();
          for (let b = 0; b < refs.length; b++)
            if (refs[b] !== above[b]) blocks[b] = this.blockObject(refs[b]!);
        } else blocks = Array.from(refs, (r) => this.blockObject(r));
        lists.push(blocks);
        return shape.kind === 2
          ? { size: shape.length, blocks }
          : { length: shape.length, blockLength: shape.blockLength, blocks };
      },
      false,
    );
    const version = { ...filled, engineVersion, scenario, tick: c.tick } as unknown as WorldVersion;
    this.checkVersion(version, i);
    this.last = { i, shapes, lists };
    return version;
  }

  private checkVersion(version: WorldVersion, i: number): void {
    try {
      checkShapes(version);
    } catch (error) {
      throw damagedCheckpoints(
        `checkpoint ${i + 1}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * The newest checkpoint laid out as whole arrays in one buffer, not yet written: each pack's
   * blocks go in as that pack is decompressed (checkpoint-newest-arena.ts). Throws SessionError
   * 'corrupt' when its references or shapes do not fit.
   */
  newestArena(): NewestArena {
    const i = this.index.checkpoints.length - 1;
    const { small, shapes } = this.states.checked(i);
    return new NewestArena(this, small, shapes, this.index.checkpoints[i]!.refs);
  }

  /** Block `r` as one object (see {@link blockObject}). */
  objectOf(r: number): BlockArray {
    return this.blockObject(r);
  }

  /**
   * The newest checkpoint as a snapshot of whole arrays, each block written straight into them
   * from its pack (no block objects: an engine adopts these arrays as its own). Throws
   * SessionError 'corrupt' when its references or shapes do not fit.
   */
  newestSnapshot(scenario: Scenario): EngineSnapshot {
    const arena = this.newestArena();
    arena.writeFills();
    for (const p of arena.packs) arena.writePack(p, this.rawOf(p));
    const { tick: _tick, ...state } = arena.finish();
    return { engineVersion, scenario, tick: this.index.checkpoints.at(-1)!.tick, state };
  }
}
