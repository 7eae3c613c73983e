/** The typed arrays whose versions are kept in blocks. */
export type BlockArray = Uint8Array | Uint16Array | Int32Array;

/**
 * An immutable copy of a typed array in blocks of `blockLength` elements (the last one may be
 * shorter). Versions taken one after another share the blocks that did not change in between,
 * so a version costs only what changed, and two versions differ at most where their blocks are
 * not the same object. A block is never written once it belongs to a version.
 */
export interface BlockVersion<T extends BlockArray> {
  readonly length: number;
  readonly blockLength: number;
  readonly blocks: readonly T[];
}

/** Blocks of one repeated element (free memory, pages never used), shared by every version that holds one. */
const fills = new Map<string, BlockArray>();
const fillBlocks = new WeakSet<BlockArray>();

/** A block shared by many versions (one element repeated): it costs a version no memory of its own. */
export function isFillBlock(block: ArrayBufferView): boolean {
  return fillBlocks.has(block as BlockArray);
}

/**
 * A copy of `live`[start, end) for a version: the shared fill block when it holds one element
 * repeated (most of a large host's memory early in a run), else a new copy.
 */
export function copyBlock<T extends BlockArray>(live: T, start: number, end: number): T {
  const first = live[start]!;
  let i = start + 1;
  while (i < end && live[i] === first) i++;
  if (i < end) return live.slice(start, end) as T;
  const key = `${live.constructor.name}:${end - start}:${first}`;
  let fill = fills.get(key);
  if (fill === undefined) {
    fill = live.slice(start, end);
    fills.set(key, fill);
    fillBlocks.add(fill);
  }
  return fill as T;
}

/** Small typed arrays a version holds whole (counts, lists). */
export type WholeArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array;

/**
 * `live`[0, length) for a version: `previous` (the last version's copy) itself when it holds the
 * same elements, so versions share what did not change between them, else a new copy.
 */
export function sameOrCopy<T extends WholeArray>(live: T, length: number, previous: T | null | undefined): T {
  if (previous !== null && previous !== undefined && previous.length === length) {
    let i = 0;
    while (i < length && previous[i] === live[i]) i++;
    if (i === length) return previous;
  }
  return live.slice(0, length) as T;
}

/** A version whose blocks are views of `full` (zero copy): `full` must not change afterwards. */
export function viewBlocks<T extends BlockArray>(full: T, blockLength: number): BlockVersion<T> {
  const blocks: T[] = [];
  for (let at = 0; at < full.length; at += blockLength)
    blocks.push(full.subarray(at, Math.min(full.length, at + blockLength)) as T);
  return { length: full.length, blockLength, blocks };
}

/** The whole array of a version, in `into` when given (of the same length), else a new one. */
export function materialize<T extends BlockArray>(version: BlockVersion<T>, into: T): T {
  version.blocks.forEach((b, i) => into.set(b, i * version.blockLength));
  return into;
}

function anySet(flags: Uint8Array): boolean {
  for (let i = 0; i < flags.length; i++) if (flags[i] !== 0) return true;
  return false;
}

/**
 * Which blocks of one live array changed since its last version (saved or restored): the owner
 * sets `dirty[i]` on every write to block i (one store on the hot path), and a version then
 * copies only those blocks and shares the rest with the last one.
 */
export class BlockTrack {
  readonly dirty: Uint8Array;
  private base: BlockArray[] | null = null;
  /** The base version's blocks are views of the live array itself: each is copied out before its first write. */
  private aliased = false;

  constructor(
    readonly blockLength: number,
    readonly length: number,
  ) {
    this.dirty = new Uint8Array(Math.ceil(length / blockLength));
  }

  /**
   * Marks block `i` of `live` changed; call it before writing to a block whose dirty flag is 0
   * (the owner's hot path tests the flag itself, so this runs once per block and version).
   */
  touch(i: number, live: BlockArray): void {
    if (this.aliased && this.base !== null) {
      const at = i * this.blockLength;
      this.base[i] = live.slice(at, Math.min(live.length, at + this.blockLength));
    }
    this.dirty[i] = 1;
  }

  /** A version of `live` (the array this track follows): its changed blocks copied, the others shared. */
  save<T extends BlockArray>(live: T): BlockVersion<T> {
    this.unalias(live);
    const { blockLength, dirty } = this;
    const base = this.base as readonly T[] | null;
    // Nothing changed: the last version's block list itself (fewer lists for the collector to mark).
    if (base !== null && !anySet(dirty)) return { length: live.length, blockLength, blocks: base };
    const blocks: T[] = new Array<T>(dirty.length);
    for (let i = 0; i < dirty.length; i++) {
      if (base !== null && dirty[i] === 0) blocks[i] = base[i]!;
      else blocks[i] = copyBlock(live, i * blockLength, Math.min(live.length, (i + 1) * blockLength));
    }
    dirty.fill(0);
    this.base = blocks;
    this.aliased = false;
    return { length: live.length, blockLength, blocks };
  }

  /**
   * Rewrites `live` to `version` (of the same length), copying only the blocks that may differ:
   * those changed since the last version and those where the two versions differ.
   */
  restoreInto<T extends BlockArray>(live: T, version: BlockVersion<T>): void {
    if (version.length !== live.length || version.blockLength !== this.blockLength)
      throw new Error('a block version of another shape');
    this.unalias(live);
    const { dirty, blockLength } = this;
    const base = this.base;
    const blocks = version.blocks;
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (base === null || dirty[i] !== 0 || base[i] !== b) live.set(b, i * blockLength);
    }
    dirty.fill(0);
    this.base = version.blocks as unknown as BlockArray[];
    this.aliased = false;
  }

  /**
   * The blocks of an aliased base version not yet copied out are copied now, into the base
   * version itself: before a new version shares them or `live` is rewritten, the base stops
   * depending on `live` (one whole copy, the first time a checkpoint is taken after opening).
   */
  private unalias(live: BlockArray): void {
    if (!this.aliased || this.base === null) return;
    const { blockLength, dirty, base } = this;
    for (let i = 0; i < base.length; i++)
      if (dirty[i] === 0)
        base[i] = copyBlock(live, i * blockLength, Math.min(live.length, (i + 1) * blockLength));
    this.aliased = false;
  }

  /**
   * `live` now equals `version`: it was just built from it (`aliased` false), or `version`'s
   * blocks are views of `live` itself (`aliased`: a checkpoint restored without a copy), which
   * then copies each block out of `live` before it is first written, into `version.blocks`.
   */
  adopt(version: BlockVersion<BlockArray>, aliased = false): void {
    this.dirty.fill(0);
    this.base = version.blocks as unknown as BlockArray[];
    this.aliased = aliased;
  }
}
