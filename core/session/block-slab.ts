import type { BlockArray } from '../memory/block-versions';

const arrayOfKind = [Uint8Array, Uint16Array, Int32Array] as const;
/** Bytes of one slab. */
const slabBytes = 1024 * 1024;

/**
 * New blocks carved from shared slabs of memory: a hundred checkpoints of a large host build
 * 300,000 blocks from deltas, and one allocation each (with the collections that external
 * memory sets off) took half the time of building them.
 */
export class BlockSlab {
  private slab: ArrayBuffer | null = null;
  private slabAt = 0;

  /** A new zeroed block of `like`'s type and size. */
  blockLike<T extends BlockArray>(like: T): T {
    // By element size, not constructor: a block read from a pack may be a Node Buffer.
    const size = like.BYTES_PER_ELEMENT === 1 ? 0 : like.BYTES_PER_ELEMENT === 2 ? 1 : 2;
    return this.carve(size, like.length) as T;
  }

  /** A new zeroed block of `elements` 32-bit integers (a page list's). */
  ints(elements: number): Int32Array {
    return this.carve(2, elements) as Int32Array;
  }

  private carve(size: 0 | 1 | 2, elements: number): BlockArray {
    const bytes = elements << size;
    if (this.slab === null || this.slabAt + bytes > this.slab.byteLength) {
      this.slab = new ArrayBuffer(Math.max(slabBytes, bytes));
      this.slabAt = 0;
    }
    const block = new arrayOfKind[size](this.slab, this.slabAt, elements);
    this.slabAt += Math.ceil(bytes / 8) * 8;
    return block;
  }
}
