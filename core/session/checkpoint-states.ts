import { CHUNK_STRIDE, chunkShiftFor, chunksPerBlock, PAGE_BLOCK_SHIFT } from '../memory/guest-pages';
import { MachineMemory, type MachineMemoryState } from '../memory/machine-memory';
import { PageStack } from '../memory/page-stack';
import { listKindOf } from './checkpoint-block-bytes';
import type { BlockTable } from './checkpoint-block-table';
import { maxTotalRawBytes, type BlockIndex } from './checkpoint-blocks';
import { decodeSmallState, listShapesOf, stackBlockLength, type ListShape } from './checkpoint-small-state';
import { madeSmallState, pendingSmallState } from './checkpoint-small-chain';
import { damagedCheckpoints } from './session-error';

const bytesOfKind = [1, 2, 4] as const;
/** Elements per block the engine keeps: a file's lists must have the same, or its marks of changed blocks would be wrong. */
const cellBlockLength = MachineMemory.versionOf({
  cells: new Uint16Array(0),
  recycled: new Int32Array(0),
} as unknown as MachineMemoryState).cells.blockLength;
const engineStackBlockLength = PageStack.versionOf(new Int32Array(1 << 16)).blocks[0]!.length;

/** Two lists of the same kind, length and block length (an earlier checkpoint's list is then built from the newer one's). */
export function sameShape(a: ListShape | undefined, b: ListShape): boolean {
  return a !== undefined && a.kind === b.kind && a.length === b.length && a.blockLength === b.blockLength;
}

/** Elements per block each list must have, in order (the chunk counts follow their page bytes). */
function expectedBlockLengths(shapes: readonly ListShape[]): number[] {
  return shapes.map((s, i) => {
    if (s.kind === 2) return engineStackBlockLength;
    if (s.kind === 0) return 2 ** PAGE_BLOCK_SHIFT;
    if (i === 0) return cellBlockLength;
    const bytes = shapes[i - 1];
    if (bytes?.kind !== 0) throw damagedCheckpoints('chunk counts without page bytes');
    return chunksPerBlock(chunkShiftFor(bytes.length)) * CHUNK_STRIDE;
  });
}

/**
 * The small states of a file's checkpoints (an earlier one's from the next newer one's and its
 * delta) and the check of each checkpoint's lists: their shapes, and every reference against the
 * kind and size of the block it names (core/session/checkpoint-blocks-open.ts builds from them).
 */
export class CheckpointStates {
  /** Whether the newest checkpoint's references were checked ({@link checked}). */
  private newestChecked = false;
  /** Small states decoded so far (their arrays are the versions' own, so keeping them costs little). */
  private readonly smalls = new Map<number, Record<string, unknown>>();
  /** Earlier small states read but not yet made (their arrays pending on the newer ones'). */
  private readonly pending = new Map<number, Record<string, unknown>>();

  /**
   * `inflate` undoes the deflate of an earlier checkpoint's small state (a file with
   * {@link BlockIndex.smallDeltas}), refusing one larger than a state may be.
   */
  constructor(
    private readonly index: BlockIndex,
    private readonly table: BlockTable,
    private readonly inflate: ((bytes: Uint8Array) => Uint8Array) | null,
  ) {}

  /** Checkpoint `i`'s small state and list shapes, every reference checked against its list. */
  checked(
    i: number,
    newer: { shapes: readonly ListShape[]; refs: readonly Int32Array[] } | null = null,
  ): { small: Record<string, unknown>; shapes: ListShape[] } {
    const c = this.index.checkpoints[i]!;
    const what = `checkpoint ${i + 1} (tick ${c.tick})`;
    const newest = i === this.index.checkpoints.length - 1;
    // The newest's anew: the engine adopts its arrays, which the earlier ones' deltas must not see change.
    const small = newest ? decodeSmallState(c.small, this.index.maxArrayBytes) : this.smallOf(i);
    // Its references were looked at when it was first checked (they never change, nor its shapes).
    const refsChecked = newest && this.newestChecked;
    const shapes = listShapesOf(small);
    if (shapes.length !== c.refs.length)
      throw damagedCheckpoints(`${what} has ${c.refs.length} block lists, not ${shapes.length}`);
    const expected = expectedBlockLengths(shapes);
    const { fills } = this.index;
    const { table } = this;
    // Plain loops over locals: they run once per reference of the newest (a hundred thousand)
    // while the engine waits, in code not yet optimized then.
    const { kindOf, lengthOf } = table;
    let bytes = 0;
    for (let l = 0; l < shapes.length; l++) {
      const shape = shapes[l]!;
      const { kind: listKind, length, blockLength } = shape;
      if (blockLength !== expected[l])
        throw damagedCheckpoints(
          `${what} has blocks of ${blockLength} elements in list ${l + 1}, not ${expected[l]}`,
        );
      const refs = c.refs[l]!;
      const count = Math.ceil(length / blockLength);
      if (refs.length !== count)
        throw damagedCheckpoints(`${what} has ${refs.length} blocks in list ${l + 1}, not ${count}`);
      // A reference the next newer checkpoint has at the same place in a list of the same shape
      // was checked with it.
      const above = newer !== null && sameShape(newer.shapes[l], shape) ? newer.refs[l] : undefined;
      for (let b = 0; b < (refsChecked ? 0 : count); b++) {
        const r = refs[b]!;
        if (above !== undefined && above[b] === r) continue;
        const size = b === count - 1 ? length - b * blockLength : blockLength;
        let kind: number;
        let elements: number;
        if (r >= 0) {
          table.need(r);
          kind = listKindOf(kindOf[r]!);
          elements = lengthOf[r]!;
        } else {
          kind = fills.kinds[-1 - r]!;
          elements = fills.lengths[-1 - r]!;
        }
        if (kind !== listKind || elements !== size)
          throw damagedCheckpoints(`${what} refers to a block of another kind or size in list ${l + 1}`);
      }
      bytes += length * bytesOfKind[listKind];
    }
    if (bytes > maxTotalRawBytes)
      throw damagedCheckpoints(`${what} holds more than ${maxTotalRawBytes} bytes of pages`);
    if (newest) this.newestChecked = true;
    return { small, shapes };
  }

  /**
   * Checkpoint `i`'s small state; an earlier one's from the next newer one's and its delta, the
   * states between left pending (checkpoint-small-chain.ts) until one of them is needed.
   */
  private smallOf(i: number): Record<string, unknown> {
    const known = this.smalls.get(i);
    if (known !== undefined) return known;
    const newest = this.index.checkpoints.length - 1;
    let small: Record<string, unknown>;
    if (i === newest || this.index.smallDeltas !== true)
      small = decodeSmallState(this.index.checkpoints[i]!.small, this.index.maxArrayBytes);
    else {
      if (this.inflate === null) throw damagedCheckpoints('its small states cannot be read here');
      // Newest first, each once: a chain of at most the file's checkpoints.
      let newer = this.smalls.get(newest) ?? this.smallOf(newest);
      for (let k = newest - 1; k >= i; k--) {
        const read = this.smalls.get(k) ?? this.pending.get(k);
        newer = read ?? this.pendingOf(k, newer);
      }
      try {
        small = madeSmallState(newer);
      } catch (error) {
        // Arrays too large to allocate, as a damaged file may claim.
        throw damagedCheckpoints(
          `the state of checkpoint ${i + 1} does not read (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      this.pending.delete(i);
    }
    this.smalls.set(i, small);
    return small;
  }

  /** Checkpoint `i`'s small state, pending, from its delta of `newer` (the next newer one's). */
  private pendingOf(i: number, newer: Record<string, unknown>): Record<string, unknown> {
    let bytes: Uint8Array;
    try {
      bytes = this.inflate!(this.index.checkpoints[i]!.small);
    } catch (error) {
      throw damagedCheckpoints(
        `the state of checkpoint ${i + 1} does not read (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    let pending: Record<string, unknown>;
    try {
      pending = pendingSmallState(bytes, newer, this.index.maxArrayBytes);
    } catch (error) {
      throw damagedCheckpoints(
        `a checkpoint's state does not read (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    this.pending.set(i, pending);
    return pending;
  }
}

/** The file's stacks are in blocks of the engine's size (a mismatch is a bug here, not a damaged file). */
if (engineStackBlockLength !== stackBlockLength)
  throw new Error('page stack versions changed their block size');
