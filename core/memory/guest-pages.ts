import type { Rng } from '../random/rng';
import type { GuestPagesVersion } from './guest-pages-version';
import { ChunkBits } from './chunk-bits';
import { CHUNK_STRIDE, chunkShiftFor, HV_COLUMN, PAGE_BLOCK_SHIFT } from './guest-pages-layout';
import { emptyGuestPagesState, type GuestPagesState } from './guest-pages-state';
import { GuestPagesTracks } from './guest-pages-tracks';
import { CLASS_FREE, classOf, HV_MASK, hvBits, hvOf } from './page-codes';

// The chunk layout stays part of this module's API: the maps, codecs and versions read pages by it.
export {
  CHUNK_STRIDE,
  chunkShiftFor,
  chunksPerBlock,
  MAX_CHUNKS,
  PAGE_BLOCK_SHIFT,
} from './guest-pages-layout';
export type { GuestPagesState } from './guest-pages-state';

/**
 * The PPNs of one VM, one state byte each (see page-codes), with every count the engine and
 * the maps need kept incrementally on each change: per byte value (so any joint count of
 * class, hv state and content is a few adds), per class, per hv state, per chunk, and a
 * bitmap of chunks holding free pages for lowest-address-first allocation.
 */
export class GuestPages {
  readonly chunkShift: number;
  readonly chunkCount: number;
  /** Page-state changes so far (for the benchmark's cost per change). */
  changes: number;
  /** Which page blocks changed since the last version (see {@link saveVersion}). */
  private readonly dirty: Uint8Array;
  private readonly tracks: GuestPagesTracks;

  private constructor(
    readonly pages: number,
    readonly bytes: Uint8Array,
    readonly counts: Int32Array,
    readonly classTotals: Int32Array,
    readonly hvTotals: Int32Array,
    readonly chunks: Uint16Array,
    private readonly freeChunks: ChunkBits,
    private freeHint: number,
    private readonly cursors: Int32Array,
    changes: number,
    tracks?: GuestPagesTracks,
  ) {
    this.chunkShift = chunkShiftFor(pages);
    this.chunkCount = Math.ceil(pages / 2 ** this.chunkShift);
    this.changes = changes;
    this.tracks = tracks ?? GuestPagesTracks.create(pages, chunks.length);
    this.dirty = this.tracks.bytes.dirty;
  }

  /** All pages free, unbacked, zero. */
  static create(pages: number): GuestPages {
    return GuestPages.of(emptyGuestPagesState(pages));
  }

  static restore(s: GuestPagesState): GuestPages {
    return GuestPages.of(s);
  }

  /** The pages of state `s`, its arrays adopted, with `tracks` when they hold its versions already. */
  private static of(s: GuestPagesState, tracks?: GuestPagesTracks): GuestPages {
    const shift = chunkShiftFor(s.pages);
    const bits = new ChunkBits(Math.ceil(s.pages / 2 ** shift), s.freeWords, s.freeSummary);
    return new GuestPages(
      s.pages,
      s.bytes,
      s.counts,
      s.classTotals,
      s.hvTotals,
      s.chunks,
      bits,
      s.freeHint,
      s.cursors,
      s.changes,
      tracks,
    );
  }

  /** A copy of the state (`small`: without the page bytes and chunk counts, for {@link saveVersion}). */
  save(): GuestPagesState;
  save(small: true): Omit<GuestPagesState, 'bytes' | 'chunks'>;
  save(small = false): GuestPagesState | Omit<GuestPagesState, 'bytes' | 'chunks'> {
    const head = {
      pages: this.pages,
      counts: this.counts.slice(),
      classTotals: this.classTotals.slice(),
      hvTotals: this.hvTotals.slice(),
      freeWords: this.freeChunks.words.slice(),
      freeSummary: this.freeChunks.summary.slice(),
      freeHint: this.freeHint,
      cursors: this.cursors.slice(),
      changes: this.changes,
    };
    return small ? head : { ...head, bytes: this.bytes.slice(), chunks: this.chunks.slice() };
  }

  /**
   * A version of this state for a checkpoint: the page bytes and chunk counts share the blocks
   * unchanged since the last version, the small arrays are copied.
   */
  saveVersion(): GuestPagesVersion {
    const blocks = this.tracks.save(this.bytes, this.chunks);
    return { ...this.save(true), ...blocks };
  }

  /**
   * The state of `v`, written into `into`'s arrays when it has the same size (only the blocks
   * that may differ are copied; `into` must not be used afterwards), else into new ones.
   * `v` itself is never adopted: a version may be restored many times.
   */
  static fromVersion(v: GuestPagesVersion, into: GuestPages | null): GuestPages {
    const reuse = into !== null && into.pages === v.pages && into.chunks.length === v.chunks.length;
    const given = reuse ? { bytes: into.bytes, chunks: into.chunks, tracks: into.tracks } : null;
    const { state, tracks } = GuestPagesTracks.restore(v, given);
    return GuestPages.of(state, tracks);
  }

  /**
   * This state is `v` restored without a copy: `v`'s page bytes and chunk counts are views of this
   * object's arrays, copied out block by block before they are first written (see BlockTrack);
   * with `aliased` false, `v`'s blocks are its own, equal to these arrays, and nothing is copied.
   */
  adoptAliased(v: GuestPagesVersion, aliased = true): void {
    this.tracks.adopt(v, aliased);
  }

  /** Sets page `p` to state byte `nb`, keeping every count in step. */
  set(p: number, nb: number): void {
    const bytes = this.bytes;
    const ob = bytes[p]!;
    if (ob === nb) return;
    if (this.dirty[p >>> PAGE_BLOCK_SHIFT] === 0)
      this.tracks.touch(p >>> PAGE_BLOCK_SHIFT, this.bytes, this.chunks);
    bytes[p] = nb;
    this.counts[ob]!--;
    this.counts[nb]!++;
    this.changes++;
    const chunk = p >>> this.chunkShift;
    const base = chunk * CHUNK_STRIDE;
    const chunks = this.chunks;
    const oc = classOf(ob);
    const nc = classOf(nb);
    if (oc !== nc) {
      this.classTotals[oc]!--;
      this.classTotals[nc]!++;
      const left = --chunks[base + oc]!;
      const now = ++chunks[base + nc]!;
      if (oc === CLASS_FREE && left === 0) this.freeChunks.clear(chunk);
      if (nc === CLASS_FREE) {
        if (now === 1) this.freeChunks.set(chunk);
        if (p < this.freeHint) this.freeHint = p;
      }
    }
    const oh = hvOf(ob);
    const nh = hvOf(nb);
    if (oh !== nh) {
      this.hvTotals[oh]!--;
      this.hvTotals[nh]!++;
      chunks[base + HV_COLUMN + oh]!--;
      chunks[base + HV_COLUMN + nh]!++;
    }
  }

  /**
   * {@link set} for a byte of the page's own class, only its hv state or content changing: a
   * swap, a fault or a share, millions an hour when the host swaps. Without the class counts
   * it is small enough for the optimizing compiler to inline into those loops.
   */
  setKeepingClass(p: number, nb: number): void {
    const bytes = this.bytes;
    const ob = bytes[p]!;
    if (((ob ^ nb) & 7) !== 0) {
      this.set(p, nb);
      return;
    }
    if (ob === nb) return;
    const block = p >>> PAGE_BLOCK_SHIFT;
    if (this.dirty[block] === 0) this.tracks.touch(block, bytes, this.chunks);
    bytes[p] = nb;
    const counts = this.counts;
    counts[ob]!--;
    counts[nb]!++;
    this.changes++;
    const oh = hvOf(ob);
    const nh = hvOf(nb);
    if (oh !== nh) {
      const hvTotals = this.hvTotals;
      hvTotals[oh]!--;
      hvTotals[nh]!++;
      const base = (p >>> this.chunkShift) * CHUNK_STRIDE + HV_COLUMN;
      const chunks = this.chunks;
      chunks[base + oh]!--;
      chunks[base + nh]!++;
    }
  }

  /**
   * Sets pages [start, end), every one of which holds byte `ob`, to byte `nb` of the same class
   * (only the hv state differs): one count update per chunk instead of per page. A large page
   * backs its 512 small pages this way.
   */
  setHvRun(start: number, end: number, ob: number, nb: number): void {
    const n = end - start;
    if (n <= 0 || ob === nb) return;
    if (classOf(ob) !== classOf(nb)) throw new Error('setHvRun changes the hv state only');
    const last = (end - 1) >>> PAGE_BLOCK_SHIFT;
    for (let b = start >>> PAGE_BLOCK_SHIFT; b <= last; b++)
      if (this.dirty[b] === 0) this.tracks.touch(b, this.bytes, this.chunks);
    this.bytes.fill(nb, start, end);
    this.counts[ob]! -= n;
    this.counts[nb]! += n;
    this.changes += n;
    const oh = hvOf(ob);
    const nh = hvOf(nb);
    this.hvTotals[oh]! -= n;
    this.hvTotals[nh]! += n;
    const shift = this.chunkShift;
    for (let p = start; p < end;) {
      const chunk = p >>> shift;
      const stop = Math.min(end, (chunk + 1) << shift);
      const base = chunk * CHUNK_STRIDE + HV_COLUMN;
      this.chunks[base + oh]! -= stop - p;
      this.chunks[base + nh]! += stop - p;
      p = stop;
    }
  }

  /** Pages with this class, hv state and any content. */
  count(cls: number, hv: number): number {
    const i = cls | hvBits(hv);
    const c = this.counts;
    return c[i]! + c[i | 64]! + c[i | 128]! + c[i | 192]!;
  }

  /** The free page with the lowest PPN (the guest allocator's choice), or -1. */
  lowestFree(): number {
    if (this.classTotals[CLASS_FREE] === 0) return -1;
    const shift = this.chunkShift;
    let p = this.freeHint;
    for (;;) {
      const chunk = p >>> shift;
      if (this.chunks[chunk * CHUNK_STRIDE + CLASS_FREE]! > 0) {
        const end = Math.min(this.pages, (chunk + 1) << shift);
        const bytes = this.bytes;
        for (; p < end; p++) {
          if (classOf(bytes[p]!) === CLASS_FREE) {
            this.freeHint = p;
            return p;
          }
        }
      }
      const next = this.freeChunks.next(chunk + 1);
      if (next < 0) throw new Error('free page count and chunk bitmap disagree');
      p = next << shift;
    }
  }

  /**
   * A page of class `cls`: up to `probes` uniform random probes, then a clock sweep from a
   * cursor that skips chunks without such pages (so the cost stays bounded when few pages
   * have the class). -1 when there is none.
   */
  pickClass(cls: number, rng: Rng, probes: number): number {
    if (this.classTotals[cls] === 0) return -1;
    const bytes = this.bytes;
    for (let i = 0; i < probes; i++) {
      const p = rng.int(this.pages);
      if (classOf(bytes[p]!) === cls) return p;
    }
    return this.sweep(cls, cls, 7, cls);
  }

  /** A page in hv state `hv`, like {@link pickClass}. */
  pickHv(hv: number, rng: Rng, probes: number): number {
    if (this.hvTotals[hv] === 0) return -1;
    const bytes = this.bytes;
    const want = hvBits(hv);
    // Probing is only worth it while such pages are common: at under 1 in 64, 32 probes
    // would mostly miss, so go straight to the clock sweep.
    const worthProbing = this.hvTotals[hv]! * 64 >= this.pages;
    for (let i = 0; worthProbing && i < probes; i++) {
      const p = rng.int(this.pages);
      if ((bytes[p]! & HV_MASK) === want) return p;
    }
    return this.sweep(8 + hv, HV_COLUMN + hv, HV_MASK, want);
  }

  /**
   * Sets up to `n` pages of class `cls` to `(byte & keep) | add` (another class), in the order
   * that many `pickClass(cls, rng, 0)` + {@link set} calls would take them, to the same state:
   * the guest frees, drops and deflates pages by the hundred thousand in a tick, and this keeps
   * the class and chunk counts per chunk instead of per page. Returns the pages set.
   */
  sweepSet(cls: number, n: number, keep: number, add: number): number {
    if ((keep & 7) !== 0 || (add & 7) === cls) throw new Error('sweepSet must change the class');
    const total = Math.min(n, this.classTotals[cls]!);
    if (total <= 0) return 0;
    const to = add & 7;
    const { bytes, counts, chunks, dirty, hvTotals, pages } = this;
    const shift = this.chunkShift;
    const hvKept = (keep & HV_MASK) === HV_MASK && (add & HV_MASK) === 0;
    let p = this.cursors[cls]!;
    let lowest = pages;
    let done = 0;
    while (done < total) {
      if (p >= pages) p = 0;
      const chunk = p >>> shift;
      const base = chunk * CHUNK_STRIDE;
      const end = Math.min(pages, (chunk + 1) << shift);
      if (chunks[base + cls] === 0) {
        p = end;
        continue;
      }
      let k = 0;
      for (; p < end && done + k < total; p++) {
        const ob = bytes[p]!;
        if ((ob & 7) !== cls) continue;
        const nb = (ob & keep) | add;
        if (dirty[p >>> PAGE_BLOCK_SHIFT] === 0) this.tracks.touch(p >>> PAGE_BLOCK_SHIFT, bytes, chunks);
        bytes[p] = nb;
        counts[ob]!--;
        counts[nb]!++;
        if (k++ === 0 && p < lowest) lowest = p;
        if (hvKept) continue;
        const oh = hvOf(ob);
        const nh = hvOf(nb);
        if (oh !== nh) {
          hvTotals[oh]!--;
          hvTotals[nh]!++;
          chunks[base + HV_COLUMN + oh]!--;
          chunks[base + HV_COLUMN + nh]!++;
        }
      }
      if (k === 0) continue;
      const left = (chunks[base + cls]! -= k);
      const now = (chunks[base + to]! += k);
      if (cls === CLASS_FREE && left === 0) this.freeChunks.clear(chunk);
      if (to === CLASS_FREE && now === k) this.freeChunks.set(chunk);
      done += k;
    }
    this.cursors[cls] = p;
    this.classTotals[cls]! -= done;
    this.classTotals[to]! += done;
    this.changes += done;
    if (to === CLASS_FREE && lowest < this.freeHint) this.freeHint = lowest;
    return done;
  }

  private sweep(cursor: number, column: number, mask: number, want: number): number {
    const bytes = this.bytes;
    const shift = this.chunkShift;
    const pages = this.pages;
    let p = this.cursors[cursor]!;
    for (;;) {
      if (p >= pages) p = 0;
      const chunk = p >>> shift;
      if (this.chunks[chunk * CHUNK_STRIDE + column] === 0) {
        p = (chunk + 1) << shift;
        continue;
      }
      const end = Math.min(pages, (chunk + 1) << shift);
      for (; p < end; p++) {
        if ((bytes[p]! & mask) === want) {
          this.cursors[cursor] = p + 1;
          return p;
        }
      }
    }
  }
}
