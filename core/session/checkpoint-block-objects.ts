import { copyBlock, type BlockArray } from '../memory/block-versions';
import {
  applyDelta,
  decodeStackBlock,
  isDeltaKind,
  isRunDeltaKind,
  type BlockKind,
} from './checkpoint-block-bytes';
import type { BlockTable } from './checkpoint-block-table';
import type { BlockIndex } from './checkpoint-blocks';
import { applyRunDelta, xorRunDelta, type RunBlock } from './checkpoint-run-delta';
import { BlockSlab } from './block-slab';
import { damagedCheckpoints } from './session-error';

const arrayOfKind = [Uint8Array, Uint16Array, Int32Array] as const;
const maxOfKind = [0xff, 0xffff, 2 ** 31 - 1] as const;
const minOfKind = [0, 0, -(2 ** 31)] as const;

/**
 * The block objects of a session file's checkpoints (core/session/checkpoint-blocks-open.ts),
 * each built once from its pack (`rawOf`, decompressed by the caller) and shared by every
 * checkpoint that holds it, as the versions of a run share theirs: whole blocks as views of
 * their pack (page lists rebuilt), deltas applied to their base, blocks of one value shared.
 */
export class BlockObjects {
  /** Block objects made so far, by block number (an array: a Map of a million numbers took most of a build). */
  private readonly objects: (BlockArray | undefined)[];
  /** The shared block of each fill made so far, by fill number. */
  private readonly fillObjects = new Map<number, BlockArray>();
  /** Bytes of block memory made since {@link takeBytesMade} last looked. */
  private bytesMade = 0;
  /** Blocks of a chain being built ({@link composed}). */
  private readonly chain: number[] = [];
  /** Deltas built before their base ({@link composed}), until {@link takeBasesBuilt} finds it. */
  private baseless: number[] = [];
  /** Where the blocks built from deltas are carved from. */
  private readonly slab = new BlockSlab();
  /** Blocks read since {@link takeBlocksRead} last looked. */
  private unseen: number[] = [];
  /** Each pack read so far as 32-bit words (page lists are read from them). */
  private readonly words = new Map<number, Int32Array>();
  private readonly packOf: Uint32Array;
  private readonly offsetOf: Float64Array;
  private readonly kindOf: Uint8Array;
  private readonly lengthOf: Uint32Array;
  private readonly runsOf: Uint32Array;
  private readonly baseOf: Int32Array;

  constructor(
    private readonly index: BlockIndex,
    private readonly table: BlockTable,
    private readonly rawOf: (pack: number) => Uint8Array,
  ) {
    ({
      packOf: this.packOf,
      offsetOf: this.offsetOf,
      kindOf: this.kindOf,
      lengthOf: this.lengthOf,
      runsOf: this.runsOf,
      baseOf: this.baseOf,
    } = table);
    // Filled up front: assigned out of order, a growing array would turn into a dictionary.
    this.objects = new Array<BlockArray | undefined>(table.count).fill(undefined);
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

  /**
   * Block `r` as one object (a view of its pack for page bytes and cells, rebuilt for page lists);
   * throws SessionError 'corrupt' when it or its chain of delta bases does not read.
   */
  objectOf(r: number): BlockArray {
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
    const known = this.objects[r];
    if (known !== undefined) return known;
    this.table.need(r);
    const kind = this.kindOf[r] as BlockKind;
    let block: BlockArray;
    if (isDeltaKind(kind)) {
      // Its chain checked first (it ends within the file's checkpoints).
      this.table.checkBases(r);
      const b = this.baseOf[r]!;
      // A delta whose base is a delta not built yet (a jump far back right after opening) is
      // built down its chain in one array ({@link composed}); else from its base.
      block =
        this.objects[b] === undefined && isDeltaKind(this.kindOf[b]!)
          ? this.composed(r)
          : this.applied(r, kind, this.objectOf(b));
    } else block = this.whole(r, kind);
    this.objects[r] = block;
    this.bytesMade += block.byteLength;
    this.unseen.push(r);
    return block;
  }

  /** Delta block `r` of `kind` applied to `base` in a new block. */
  private applied(r: number, kind: BlockKind, base: BlockArray): BlockArray {
    const raw = this.rawOf(this.packOf[r]!);
    const at = this.offsetOf[r]!;
    return isRunDeltaKind(kind)
      ? applyRunDelta(base as RunBlock, raw, at, this.runsOf[r]!, this.slab.blockLike(base) as RunBlock)
      : applyDelta(base, raw, at, this.slab.blockLike(base));
  }

  /** Whole block `r` of `kind` (a view of its pack for page bytes and cells, rebuilt for page lists). */
  private whole(r: number, kind: BlockKind): BlockArray {
    const raw = this.rawOf(this.packOf[r]!);
    const at = this.offsetOf[r]!;
    const elements = this.lengthOf[r]!;
    if (kind === 0) return raw.subarray(at, at + elements);
    if (kind === 1) return new Uint16Array(raw.buffer, raw.byteOffset + at, elements);
    const block = this.slab.ints(elements);
    decodeStackBlock(kind, this.wordsOf(this.packOf[r]!), at / 4, elements, this.runsOf[r]!, block, 0);
    return block;
  }

  /**
   * Delta block `r` (its chain checked) built from the nearest block of its chain that is built
   * or whole, each delta between applied in place. Remembered as {@link baseless} until its base
   * is built.
   */
  private composed(r: number): BlockArray {
    const { objects, baseOf, kindOf } = this;
    const chain = this.chain;
    chain.length = 0;
    let top = r;
    while (objects[top] === undefined && isDeltaKind(kindOf[top]!)) {
      chain.push(top);
      top = baseOf[top]!;
    }
    const from = this.objectOf(top);
    const block = this.slab.blockLike(from);
    block.set(from);
    for (let k = chain.length - 1; k >= 0; k--) {
      const d = chain[k]!;
      const raw = this.rawOf(this.packOf[d]!);
      if (isRunDeltaKind(kindOf[d]!)) xorRunDelta(block as RunBlock, raw, this.offsetOf[d]!, this.runsOf[d]!);
      else applyDelta(block, raw, this.offsetOf[d]!, block);
    }
    this.baseless.push(r);
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

  /**
   * Deltas built before their base (a jump far back) whose base is built by now, with its object:
   * what {@link baseObject} would have said when they were read.
   */
  takeBasesBuilt(): [number, BlockArray][] {
    const out: [number, BlockArray][] = [];
    if (this.baseless.length === 0) return out;
    const { objects, baseOf } = this;
    this.baseless = this.baseless.filter((r) => {
      const base = objects[baseOf[r]!];
      if (base === undefined) return true;
      out.push([r, base]);
      return false;
    });
    return out;
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
}
