import { describe, expect, it } from 'vitest';
import { BlockSlab } from '../../../core/session/block-slab';

describe('block slab', () => {
  it('gives zeroed blocks of the type and size asked for that never overlap, across slabs', () => {
    const slab = new BlockSlab();
    const made = Array.from({ length: 700 }, (_, i) => {
      const like = [new Uint8Array(4096), new Uint16Array(768), new Int32Array(1024), Buffer.alloc(3)][
        i % 4
      ]!;
      // Every fifth a page list's block asked for by its size.
      const block = i % 5 === 4 ? slab.ints(like.length) : slab.blockLike(like);
      expect(block.BYTES_PER_ELEMENT).toBe(i % 5 === 4 ? 4 : like.BYTES_PER_ELEMENT);
      expect(block.length).toBe(like.length);
      expect(block.every((v) => v === 0)).toBe(true);
      block.fill(i % 200);
      return { block, value: i % 200 };
    });
    // Each still holds what was written into it: none shares memory with another.
    for (const { block, value } of made) expect(block.every((v) => v === value)).toBe(true);
    expect(new Set(made.map((m) => m.block.buffer)).size).toBeGreaterThan(1);
  });

  it('gives a block larger than a slab a slab of its own', () => {
    const block = new BlockSlab().blockLike(new Int32Array(600_000));
    expect(block.length).toBe(600_000);
    expect(block.byteOffset).toBe(0);
  });
});
