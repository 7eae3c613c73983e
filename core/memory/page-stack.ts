const BLOCK_SHIFT = 16;
const BLOCK = 1 << BLOCK_SHIFT;
const MASK = BLOCK - 1;

/**
 * A LIFO of page numbers in 64 Ki-entry blocks: a VM's (or the host's) multiset of machine
 * pages. Push and pop are O(1) and sequential in memory; blocks are allocated as the stack
 * grows, so its footprint follows the pages it holds, not the most it could hold.
 */
export class PageStack {
  private blocks: Int32Array[] = [];
  /** The block holding the next free slot (or the last entry when full). */
  private top: Int32Array = new Int32Array(0);
  size = 0;

  push(page: number): void {
    const at = this.size & MASK;
    if (at === 0) this.top = this.blockFor(this.size >>> BLOCK_SHIFT);
    this.top[at] = page;
    this.size++;
  }

  /** Removes and returns the most recent page; -1 when empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const i = --this.size;
    const at = i & MASK;
    if (at === MASK || this.top.length === 0) this.top = this.blocks[i >>> BLOCK_SHIFT]!;
    const page = this.top[at]!;
    if (at === 0) {
      // Keep one spare block so a push/pop pattern at a block edge does not allocate each time.
      const b = i >>> BLOCK_SHIFT;
      if (this.blocks.length > b + 2) this.blocks.pop();
      if (b > 0) this.top = this.blocks[b - 1]!;
    }
    return page;
  }

  private blockFor(b: number): Int32Array {
    while (this.blocks.length <= b) this.blocks.push(new Int32Array(BLOCK));
    return this.blocks[b]!;
  }

  save(): Int32Array {
    const out = new Int32Array(this.size);
    for (let b = 0; b * BLOCK < this.size; b++) {
      const n = Math.min(BLOCK, this.size - b * BLOCK);
      out.set(this.blocks[b]!.subarray(0, n), b * BLOCK);
    }
    return out;
  }

  static restore(pages: Int32Array): PageStack {
    const s = new PageStack();
    for (let b = 0; b * BLOCK < pages.length; b++) {
      const block = new Int32Array(BLOCK);
      block.set(pages.subarray(b * BLOCK, Math.min(pages.length, (b + 1) * BLOCK)));
      s.blocks.push(block);
    }
    s.size = pages.length;
    // The block holding the top entry (pop reads it; push re-fetches at block edges).
    s.top = s.blocks.length > 0 ? s.blocks[Math.max(0, s.size - 1) >>> BLOCK_SHIFT]! : new Int32Array(0);
    return s;
  }
}
