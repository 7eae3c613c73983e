import { copyBlock } from './block-versions';
import { zeroedInt32Array } from './array-recycler';

const BLOCK_SHIFT = 16;
const BLOCK = 1 << BLOCK_SHIFT;
const MASK = BLOCK - 1;
/** Entries per block of a {@link StackVersion}: a stack changes at its top only, so a version copies little. */
const VERSION_SHIFT = 12;
const VERSION_BLOCK = 1 << VERSION_SHIFT;

/** `block` holds exactly `live`[at, at + len). */
function holds(block: Int32Array, live: Int32Array, at: number, len: number): boolean {
  if (block.length !== len) return false;
  for (let i = 0; i < len; i++) if (block[i] !== live[at + i]) return false;
  return true;
}

/** An immutable copy of a {@link PageStack}'s entries in blocks shared between versions. */
export interface StackVersion {
  readonly size: number;
  readonly blocks: readonly Int32Array[];
}

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
  /** Entries below this index are as they were at the last version (saved or restored). */
  private low = 0;
  private base: readonly Int32Array[] | null = null;
  /** Entries below this may lie in blocks that are views of a version's memory: copied out before a push writes there. */
  private aliasEnd = 0;
  /** Per block below {@link aliasEnd}: 1 while it is such a view (a restore copies out only those it writes). */
  private aliased: Uint8Array | null = null;

  push(page: number): void {
    if (this.size < this.aliasEnd) this.unalias(this.size);
    const at = this.size & MASK;
    if (at === 0) this.top = this.blockFor(this.size >>> BLOCK_SHIFT);
    this.top[at] = page;
    this.size++;
  }

  /** Pushes `first`, `first + 1`, ... `first + count - 1`: {@link push} a block at a time. */
  pushRun(first: number, count: number): void {
    for (let i = 0; i < count;) {
      if (this.size < this.aliasEnd) this.unalias(this.size);
      const at = this.size & MASK;
      if (at === 0) this.top = this.blockFor(this.size >>> BLOCK_SHIFT);
      const n = Math.min(count - i, BLOCK - at);
      const top = this.top;
      for (let j = 0; j < n; j++) top[at + j] = first + i + j;
      this.size += n;
      i += n;
    }
  }

  /** Removes and returns the most recent page; -1 when empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const i = --this.size;
    if (i < this.low) this.low = i;
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

  /** The blocks holding entries from `from` up that are views of a version become copies. */
  private unalias(from: number): void {
    const first = from >>> BLOCK_SHIFT;
    for (let b = first; b << BLOCK_SHIFT < this.aliasEnd; b++) this.own(b);
    this.aliasEnd = first << BLOCK_SHIFT;
    this.refetchTop();
  }

  /**
   * Copies out up to `limit` of the blocks that are still views of a version's memory, the
   * number copied (0: none is left). An opened session's engine does this a little at a time
   * while it waits, so that no single jump later pays for them all (a jump from datacenter-2x's
   * boot into the run copied 800 ms of them).
   */
  ownAliased(limit: number): number {
    const aliased = this.aliased;
    if (aliased === null) return 0;
    let copied = 0;
    for (let b = 0; b < aliased.length && copied < limit; b++)
      if (aliased[b] === 1) {
        this.own(b);
        copied++;
      }
    if (copied < limit) {
      this.aliased = null;
      this.aliasEnd = 0;
    }
    this.refetchTop();
    return copied;
  }

  /** {@link top} again from the blocks (after a block there was replaced by its copy). */
  private refetchTop(): void {
    const top = this.size >>> BLOCK_SHIFT;
    if (top < this.blocks.length) this.top = this.blocks[top]!;
  }

  /** Block `b` a copy of its own, unless it is one already. */
  private own(b: number): void {
    if (this.aliased === null || this.aliased[b] !== 1) return;
    this.blocks[b] = this.blocks[b]!.slice();
    this.aliased[b] = 0;
  }

  /**
   * A stack of the saved `entries` of `version` (whose blocks are views of `entries`) without a
   * copy: its full blocks are views of `entries` too, copied out only when a push reaches them.
   * `entries` must not change afterwards.
   */
  static adopting(entries: Int32Array, version: StackVersion): PageStack {
    if (version.size !== entries.length) throw new Error('a stack version of another size');
    const s = new PageStack();
    const full = entries.length >>> BLOCK_SHIFT;
    for (let b = 0; b < full; b++) s.blocks.push(entries.subarray(b << BLOCK_SHIFT, (b + 1) << BLOCK_SHIFT));
    if (entries.length > full << BLOCK_SHIFT) {
      const last = new Int32Array(BLOCK);
      last.set(entries.subarray(full << BLOCK_SHIFT));
      s.blocks.push(last);
    }
    s.size = entries.length;
    s.top = s.blocks.length > 0 ? s.blocks[Math.max(0, s.size - 1) >>> BLOCK_SHIFT]! : new Int32Array(0);
    s.aliasEnd = full << BLOCK_SHIFT;
    s.aliased = new Uint8Array(full).fill(1);
    s.base = version.blocks;
    s.low = s.size;
    return s;
  }

  private blockFor(b: number): Int32Array {
    while (this.blocks.length <= b) this.blocks.push(zeroedInt32Array(BLOCK));
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

  /**
   * An immutable version of the entries: the blocks wholly below the lowest point the stack
   * reached since its last version are shared with that version, and those above it that hold
   * the same entries again; the rest copied.
   */
  saveVersion(): StackVersion {
    const n = Math.ceil(this.size / VERSION_BLOCK);
    const base = this.base;
    // Not one entry changed since the last version (nor the size): its block list itself.
    if (
      base !== null &&
      this.low === this.size &&
      base.length === n &&
      (n === 0 || base[n - 1]!.length === this.size - ((n - 1) << VERSION_SHIFT))
    )
      return { size: this.size, blocks: base };
    const blocks: Int32Array[] = new Array<Int32Array>(n);
    const clean = this.base === null ? 0 : Math.min(this.base.length, this.low >>> VERSION_SHIFT);
    for (let b = 0; b < n; b++) {
      if (b < clean) {
        blocks[b] = this.base![b]!;
        continue;
      }
      const start = b << VERSION_SHIFT;
      const at = start & MASK;
      const len = Math.min(VERSION_BLOCK, this.size - start);
      const live = this.blocks[start >>> BLOCK_SHIFT]!;
      // Popped and pushed back as they were (page churn): shared, not copied again.
      const was = base !== null && b < base.length ? base[b]! : null;
      blocks[b] = was !== null && holds(was, live, at, len) ? was : copyBlock(live, at, at + len);
    }
    this.base = blocks;
    this.low = this.size;
    return { size: this.size, blocks };
  }

  /**
   * This stack rewritten to `version` (the blocks it may differ in only); the stack returned is
   * this one, or a new one when `into` is null.
   */
  static fromVersion(version: StackVersion, into: PageStack | null): PageStack {
    const s = into ?? new PageStack();
    const base = s.base;
    const clean = base === null ? 0 : s.low >>> VERSION_SHIFT;
    // Blocks that are views of an opened file's memory are copied out only where this writes
    // (copying all of them took 600 ms of the first jump after opening a large host's session).
    version.blocks.forEach((block, b) => {
      if (b < clean && b < base!.length && base![b] === block) return;
      const start = b << VERSION_SHIFT;
      const at = start >>> BLOCK_SHIFT;
      if (start < s.aliasEnd) s.own(at);
      s.blockFor(at).set(block, start & MASK);
    });
    s.size = version.size;
    s.top = s.size > 0 ? s.blocks[(s.size - 1) >>> BLOCK_SHIFT]! : (s.blocks[0] ?? new Int32Array(0));
    s.base = version.blocks;
    s.low = version.size;
    return s;
  }

  /** This stack holds exactly `version`'s entries (it was restored from the same state). */
  adoptVersion(version: StackVersion): void {
    if (version.size !== this.size) throw new Error('a stack version of another size');
    this.base = version.blocks;
    this.low = this.size;
  }

  /** The version of saved entries, its blocks views of `entries` (which must not change). */
  static versionOf(entries: Int32Array): StackVersion {
    const blocks: Int32Array[] = [];
    for (let at = 0; at < entries.length; at += VERSION_BLOCK)
      blocks.push(entries.subarray(at, Math.min(entries.length, at + VERSION_BLOCK)));
    return { size: entries.length, blocks };
  }

  /** The entries of a version, as {@link save} gives them. */
  static entriesOf(version: StackVersion): Int32Array {
    const out = new Int32Array(version.size);
    version.blocks.forEach((b, i) => out.set(b, i << VERSION_SHIFT));
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
