import { BlockTrack, materialize, sameOrCopy, viewBlocks, type BlockVersion } from './block-versions';
import { chunkShiftFor } from './guest-pages';
import { PageStack, type StackVersion } from './page-stack';
import { zeroedInt16Array, zeroedUint16Array } from './array-recycler';

/** Machine page states, in the order of `hostPageStates`. */
export const M_FREE = 0;
export const M_HYPERVISOR = 1;
export const M_OVERHEAD = 2;
export const M_PRIVATE = 3;
export const M_SHARED = 4;
export const M_ZIP = 5;
const STRIDE = 8;
/** Owner field: 13 bits above the 3 state bits. */
const OWNER_SHIFT = 3;

/** Machine pages per block of the cells' versions (16 KiB). */
const CELL_BLOCK_SHIFT = 11;

/** {@link MachineMemoryState} with the cells and the recycled stack as versions sharing unchanged blocks. */
export interface MachineMemoryVersion extends Omit<MachineMemoryState, 'cells' | 'recycled'> {
  cells: BlockVersion<Uint16Array>;
  recycled: StackVersion;
}

/** Plain-data form of {@link MachineMemory}. */
export interface MachineMemoryState {
  pages: number;
  owners: number;
  cells: Uint16Array;
  hwm: number;
  recycled: Int32Array;
  chunks: Uint16Array;
  ownerCounts: Uint16Array;
  dominant: Int16Array;
  totals: Float64Array;
  changes: number;
}

/**
 * Host machine memory, 2 bytes per page (state + owner), with per-state and per-owner chunk
 * counts kept on every change for the host map. Owners are VM indices, plus one more index
 * for host-wide shared frames. Free pages are those above a high-water mark (never used)
 * plus a LIFO of recycled ones, so allocation and freeing are O(1).
 */
export class MachineMemory {
  readonly chunkShift: number;
  readonly chunkCount: number;
  changes: number;
  /** Which cell blocks changed since the last version. */
  private readonly dirty: Uint8Array;
  private readonly track: BlockTrack;

  private constructor(
    readonly pages: number,
    /** Number of owner indices: VMs + 1 (host-wide shared). */
    readonly owners: number,
    readonly cells: Uint16Array,
    private hwm: number,
    private readonly recycled: PageStack,
    readonly chunks: Uint16Array,
    readonly ownerCounts: Uint16Array,
    readonly dominant: Int16Array,
    readonly totals: Float64Array,
    changes: number,
    track?: BlockTrack,
  ) {
    this.chunkShift = chunkShiftFor(Math.max(pages, (pages * owners) / 16));
    this.chunkCount = Math.ceil(pages / 2 ** this.chunkShift);
    this.changes = changes;
    this.track = track ?? new BlockTrack(2 ** CELL_BLOCK_SHIFT, pages);
    this.dirty = this.track.dirty;
  }

  static create(pages: number, vmCount: number): MachineMemory {
    const owners = vmCount + 1;
    // Fewer, larger chunks when there are many owners keep the owner counts small.
    const shift = chunkShiftFor(Math.max(pages, (pages * owners) / 16));
    const chunkCount = Math.ceil(pages / 2 ** shift);
    const chunks = zeroedUint16Array(chunkCount * STRIDE);
    for (let c = 0; c < chunkCount; c++)
      chunks[c * STRIDE + M_FREE] = Math.min(2 ** shift, pages - c * 2 ** shift);
    const totals = new Float64Array(STRIDE);
    totals[M_FREE] = pages;
    return new MachineMemory(
      pages,
      owners,
      zeroedUint16Array(pages),
      0,
      new PageStack(),
      chunks,
      zeroedUint16Array(chunkCount * owners),
      zeroedInt16Array(chunkCount).fill(-1),
      totals,
      0,
    );
  }

  static restore(s: MachineMemoryState): MachineMemory {
    return new MachineMemory(
      s.pages,
      s.owners,
      s.cells,
      s.hwm,
      PageStack.restore(s.recycled),
      s.chunks,
      s.ownerCounts,
      s.dominant,
      s.totals,
      s.changes,
    );
  }

  /**
   * A version for a checkpoint: cells and recycled pages share the blocks unchanged since the last
   * one, and the chunk counts share `previous`'s (the last version) when they did not change.
   */
  saveVersion(previous: MachineMemoryVersion | null = null): MachineMemoryVersion {
    return {
      pages: this.pages,
      owners: this.owners,
      cells: this.track.save(this.cells),
      hwm: this.hwm,
      recycled: this.recycled.saveVersion(),
      chunks: sameOrCopy(this.chunks, this.chunks.length, previous?.chunks),
      ownerCounts: sameOrCopy(this.ownerCounts, this.ownerCounts.length, previous?.ownerCounts),
      dominant: sameOrCopy(this.dominant, this.dominant.length, previous?.dominant),
      totals: this.totals.slice(),
      changes: this.changes,
    };
  }

  /**
   * The state of `v`, written into `into`'s arrays when it has the same shape (only the blocks
   * that may differ are copied; `into` must not be used afterwards), else into new ones.
   */
  static fromVersion(v: MachineMemoryVersion, into: MachineMemory | null): MachineMemory {
    const reuse = into !== null && into.pages === v.pages && into.owners === v.owners;
    const track = reuse ? into.track : new BlockTrack(v.cells.blockLength, v.pages);
    const cells = reuse ? into.cells : new Uint16Array(v.pages);
    if (reuse) track.restoreInto(cells, v.cells);
    else {
      materialize(v.cells, cells);
      track.adopt(v.cells);
    }
    return new MachineMemory(
      v.pages,
      v.owners,
      cells,
      v.hwm,
      PageStack.fromVersion(v.recycled, reuse ? into.recycled : null),
      v.chunks.slice(),
      v.ownerCounts.slice(),
      v.dominant.slice(),
      v.totals.slice(),
      v.changes,
      track,
    );
  }

  /** The version of a plain state, its blocks views of the state's arrays (which must not change). */
  static versionOf(s: MachineMemoryState): MachineMemoryVersion {
    return {
      ...s,
      cells: viewBlocks(s.cells, 2 ** CELL_BLOCK_SHIFT),
      recycled: PageStack.versionOf(s.recycled),
    };
  }

  /** The plain state of a version (new whole arrays). */
  static stateOf(v: MachineMemoryVersion): MachineMemoryState {
    return {
      ...v,
      cells: materialize(v.cells, new Uint16Array(v.cells.length)),
      recycled: PageStack.entriesOf(v.recycled),
    };
  }

  /**
   * This memory is `v` restored without a copy: `v`'s cells are views of this object's, copied
   * out block by block before they are first written (with `aliased` false, `v`'s cells are its
   * own blocks, equal to these, and nothing is copied); `v`'s recycled pages are the stack's.
   */
  adoptAliased(v: MachineMemoryVersion, aliased = true): void {
    this.track.adopt(v.cells, aliased);
    this.recycled.adoptVersion(v.recycled);
  }

  save(): MachineMemoryState {
    return {
      pages: this.pages,
      owners: this.owners,
      cells: this.cells.slice(),
      hwm: this.hwm,
      recycled: this.recycled.save(),
      chunks: this.chunks.slice(),
      ownerCounts: this.ownerCounts.slice(),
      dominant: this.dominant.slice(),
      totals: this.totals.slice(),
      changes: this.changes,
    };
  }

  get freePages(): number {
    return this.totals[M_FREE]!;
  }

  count(state: number): number {
    return this.totals[state]!;
  }

  /** Takes a free page into `state` for `owner`; -1 when none is free. */
  alloc(state: number, owner: number): number {
    let m = this.recycled.pop();
    if (m < 0) {
      if (this.hwm >= this.pages) return -1;
      m = this.hwm++;
    }
    this.setState(m, state, owner);
    return m;
  }

  /**
   * `n` times {@link alloc}, each page pushed onto `into`, for a caller that knows `n` pages
   * are free (the 512 of a large page): pages never used before are taken as one run, the
   * counts kept once per chunk instead of once per page.
   */
  allocInto(state: number, owner: number, n: number, into: PageStack): void {
    let left = n;
    for (; left > 0 && this.recycled.size > 0; left--) {
      const m = this.recycled.pop();
      this.setState(m, state, owner);
      into.push(m);
    }
    if (left === 0) return;
    if (this.hwm + left > this.pages) throw new Error('allocInto: not enough free machine pages');
    const start = this.hwm;
    const end = start + left;
    this.hwm = end;
    for (let b = start >>> CELL_BLOCK_SHIFT; b <= (end - 1) >>> CELL_BLOCK_SHIFT; b++)
      if (this.dirty[b] === 0) this.track.touch(b, this.cells);
    // Cells above the high-water mark were never written (free, owner 0): nothing to count down but free pages.
    this.cells.fill(state | (owner << OWNER_SHIFT), start, end);
    for (let m = start; m < end;) {
      const chunk = m >>> this.chunkShift;
      const stop = Math.min(end, (chunk + 1) << this.chunkShift);
      this.chunks[chunk * STRIDE + M_FREE]! -= stop - m;
      this.chunks[chunk * STRIDE + state]! += stop - m;
      if (state >= M_OVERHEAD) this.addOwner(chunk, owner, stop - m);
      m = stop;
    }
    into.pushRun(start, left);
    this.totals[M_FREE]! -= left;
    this.totals[state]! += left;
    this.changes += left;
  }

  free(m: number): void {
    this.setState(m, M_FREE, 0);
    this.recycled.push(m);
  }

  stateOf(m: number): number {
    return this.cells[m]! & 7;
  }

  ownerOf(m: number): number {
    return this.cells[m]! >>> OWNER_SHIFT;
  }

  private setState(m: number, state: number, owner: number): void {
    const cells = this.cells;
    const old = cells[m]!;
    const block = m >>> CELL_BLOCK_SHIFT;
    if (this.dirty[block] === 0) this.track.touch(block, cells);
    cells[m] = state | (owner << OWNER_SHIFT);
    this.changes++;
    const chunk = m >>> this.chunkShift;
    const base = chunk * STRIDE;
    const os = old & 7;
    const chunks = this.chunks;
    chunks[base + os]!--;
    chunks[base + state]!++;
    const totals = this.totals;
    totals[os]!--;
    totals[state]!++;
    if (os >= M_OVERHEAD) this.dropOwner(chunk, old >>> OWNER_SHIFT);
    if (state >= M_OVERHEAD) this.addOwner(chunk, owner, 1);
  }

  /** `k` more pages of `owner` in `chunk` (the dominant owner changes as if added one by one). */
  private addOwner(chunk: number, owner: number, k: number): void {
    const base = chunk * this.owners;
    const n = (this.ownerCounts[base + owner]! += k);
    const d = this.dominant[chunk]!;
    if (d < 0 || (d !== owner && n > this.ownerCounts[base + d]!)) this.dominant[chunk] = owner;
  }

  private dropOwner(chunk: number, owner: number): void {
    const base = chunk * this.owners;
    const n = --this.ownerCounts[base + owner]!;
    if (n === 0 && this.dominant[chunk] === owner) {
      // The dominant owner left the chunk entirely: find the new one (rare, O(owners)).
      let best = -1;
      let bestCount = 0;
      for (let o = 0; o < this.owners; o++) {
        const c = this.ownerCounts[base + o]!;
        if (c > bestCount) {
          best = o;
          bestCount = c;
        }
      }
      this.dominant[chunk] = best;
    }
  }
}

export const MACHINE_STRIDE = STRIDE;
