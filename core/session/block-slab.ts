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
    const bytes = like.byteLength;
    if (this.slab === null || this.slabAt + bytes > this.slab.byteLength) {
      this.slab = new ArrayBuffer(Math.max(slabBytes, bytes));
      this.slabAt = 0;
    }
    // By element size, not constructor: a block read from a pack may be a Node Buffer.
    const type = arrayOfKind[like.BYTES_PER_ELEMENT === 1 ? 0 : like.BYTES_PER_ELEMENT === 2 ? 1 : 2];
    const block = new type(this.slab, this.slabAt, like.length) as T;
    this.slabAt += Math.ceil(bytes / 8) * 8;
    return block;
  }
}
