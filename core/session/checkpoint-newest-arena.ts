import type { BlockArray } from '../memory/block-versions';
import { decodeStackBlock, isDeltaKind, type BlockKind } from './checkpoint-block-bytes';
import { maxTotalRawBytes } from './checkpoint-blocks';
import { fillSmallState, stackBlockLength, type ListShape } from './checkpoint-small-state';
import { damagedCheckpoints } from './session-error';

const arrayOfKind = [Uint8Array, Uint16Array, Int32Array] as const;
const bytesPerElement = [1, 2, 4] as const;

/** Lists share one buffer at offsets of whole 8 bytes (any element type reads there). */
function aligned(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** What the arena reads of a file's blocks (core/session/checkpoint-blocks-open.ts's reader). */
export interface ArenaBlocks {
  /** Per block (numbered across the packs): its pack, byte offset there, kind, elements and runs. */
  readonly packOf: Uint32Array;
  readonly offsetOf: Float64Array;
  readonly kindOf: Uint8Array;
  readonly lengthOf: Uint32Array;
  readonly runsOf: Uint32Array;
  /** The value of fill `f`; throws SessionError 'corrupt' when no list may hold it. */
  fillValue(f: number): number;
  /** Block `r` as an object (a delta with its bases applied, reading whatever packs they lie in). */
  objectOf(r: number): BlockArray;
  /** Block `r` is `block`, a view of the lists (see BlockFileReader `seed`). */
  seed(r: number, block: BlockArray): void;
}

/** Blocks of one list lying one after another in one pack: copied at once. */
interface Copy {
  list: number;
  to: number;
  at: number;
  bytes: number;
}

/** A delta block: written from its bases. */
interface Delta {
  list: number;
  to: number;
  r: number;
}

/**
 * The newest checkpoint of a file as whole arrays in one buffer, written pack by pack: the
 * blocks of one value at once, and each pack's blocks as soon as that pack is decompressed, so
 * that the engine's thread writes the lists while zlib's threads still decompress the other packs.
 * Every list lies in one ArrayBuffer: V8 collects garbage after every 64 MiB or so of new array
 * memory, which for a 256 GiB host's half GiB of lists allocated one by one came to about ten
 * collections (a third of the time it took to open).
 */
export class NewestArena {
  private readonly lists: BlockArray[] = [];
  private readonly copies = new Map<number, Copy[]>();
  /**
   * Per pack, its page-list blocks as list, entry and block number, three numbers each (a large
   * host's newest has 16,000 of them: objects would each be another for the collector).
   */
  private readonly stacks = new Map<number, number[]>();
  /** Delta blocks (files of other writers), written last from their bases. */
  private readonly deltas: Delta[] = [];
  private readonly fills: { list: number; from: number; to: number; value: number }[] = [];
  private readonly written = new Set<number>();
  /** The small state with every list replaced by its array. */
  readonly state: Record<string, unknown>;

  /**
   * Lays out checkpoint `refs` (its lists' block references, checked against `shapes`, the
   * shapes of `small`'s lists) and allocates the arena. Throws SessionError 'corrupt' when the
   * lists hold more than a file may.
   */
  constructor(
    private readonly blocks: ArenaBlocks,
    small: Record<string, unknown>,
    private readonly shapes: readonly ListShape[],
    private readonly refs: readonly Int32Array[],
  ) {
    let bytes = 0;
    for (const shape of shapes) bytes = aligned(bytes) + shape.length * bytesPerElement[shape.kind];
    if (bytes > maxTotalRawBytes)
      throw damagedCheckpoints(`its newest checkpoint holds ${bytes} bytes of pages`);
    const arena = new ArrayBuffer(bytes);
    let at = 0;
    this.state = fillSmallState(
      small,
      (shape, l) => {
        at = aligned(at);
        const list = new arrayOfKind[shape.kind]!(arena, at, shape.length);
        at += shape.length * bytesPerElement[shape.kind]!;
        this.lists[l] = list;
        this.plan(shape, refs[l]!, l);
        return list;
      },
      true,
    );
  }

  /** The packs whose blocks the lists hold, each to be given to {@link writePack} once. */
  get packs(): number[] {
    return [...new Set([...this.copies.keys(), ...this.stacks.keys()])].sort((a, b) => a - b);
  }

  /** The pieces of one list: runs of blocks of one value, runs lying one after another in a pack, page-list blocks. */
  private plan(shape: ListShape, refs: Int32Array, list: number): void {
    const { packOf, offsetOf, kindOf, lengthOf } = this.blocks;
    const bl = shape.blockLength;
    const size = bytesPerElement[shape.kind];
    let b = 0;
    while (b < refs.length) {
      const r = refs[b]!;
      const to = b * bl;
      let e = b + 1;
      if (r < 0) {
        while (e < refs.length && refs[e] === r) e++;
        const value = this.blocks.fillValue(-1 - r);
        if (value !== 0) {
          const end = Math.min(shape.length, e * bl);
          this.fills.push({ list, from: to, to: end, value });
        }
      } else if (isDeltaKind(kindOf[r]!)) {
        // A file this app writes keeps the newest whole; another one's deltas still read.
        this.deltas.push({ list, to, r });
      } else if (shape.kind === 2) {
        this.pieceOf(this.stacks, packOf[r]!).push(list, to, r);
      } else {
        // Blocks numbered one after another in one pack lie one after another there (whole words).
        const p = packOf[r]!;
        let bytes = lengthOf[r]! * size;
        while (
          e < refs.length &&
          refs[e] === r + (e - b) &&
          packOf[refs[e]!] === p &&
          offsetOf[refs[e]!] === offsetOf[r]! + bytes
        ) {
          bytes += lengthOf[refs[e]!]! * size;
          e++;
        }
        this.pieceOf(this.copies, p).push({ list, to: to * size, at: offsetOf[r]!, bytes });
      }
      b = e;
    }
  }

  private pieceOf<T>(map: Map<number, T[]>, p: number): T[] {
    let pieces = map.get(p);
    if (pieces === undefined) map.set(p, (pieces = []));
    return pieces;
  }

  /** Writes the runs of blocks of one value (needing no pack). */
  writeFills(): void {
    for (const f of this.fills.splice(0)) this.lists[f.list]!.fill(f.value, f.from, f.to);
  }

  /**
   * Writes the blocks lying in pack `p`, whose decompressed bytes are `raw` (of the size the
   * index gives, at an offset of whole words).
   */
  writePack(p: number, raw: Uint8Array): void {
    if (this.written.has(p)) return;
    this.written.add(p);
    for (const c of this.copies.get(p) ?? []) {
      const list = this.lists[c.list]!;
      new Uint8Array(list.buffer, list.byteOffset + c.to, c.bytes).set(
        new Uint8Array(raw.buffer, raw.byteOffset + c.at, c.bytes),
      );
    }
    const stacks = this.stacks.get(p);
    if (stacks === undefined) return;
    const words = new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength >>> 2);
    const { offsetOf, kindOf, lengthOf, runsOf } = this.blocks;
    for (let k = 0; k < stacks.length; k += 3) {
      const r = stacks[k + 2]!;
      decodeStackBlock(
        kindOf[r] as BlockKind,
        words,
        offsetOf[r]! / 4,
        lengthOf[r]!,
        runsOf[r]!,
        this.lists[stacks[k]!] as Int32Array,
        stacks[k + 1]!,
      );
    }
  }

  /**
   * The small state with its lists, once every pack of {@link packs} was written (the delta
   * blocks read here, through the reader, which is given the page lists' blocks as views of them).
   */
  finish(): Record<string, unknown> {
    this.writeFills();
    for (const p of this.packs)
      if (!this.written.has(p)) throw new Error(`pack ${p + 1} of the newest checkpoint was not written`);
    for (const d of this.deltas.splice(0)) this.lists[d.list]!.set(this.blocks.objectOf(d.r), d.to);
    // The page lists' blocks are views of arrays the engine never writes (its stacks copy a block
    // out first), the version of them it takes: the file's versions share them instead of
    // rebuilding half a GiB of them.
    this.shapes.forEach((shape, l) => {
      if (shape.kind !== 2) return;
      const list = this.lists[l]!;
      const refs = this.refs[l]!;
      for (let b = 0; b < refs.length; b++)
        this.blocks.seed(refs[b]!, list.subarray(b * stackBlockLength, (b + 1) * stackBlockLength));
    });
    return this.state;
  }
}
