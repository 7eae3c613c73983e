import type { WorldVersion } from '../engine/world-version';
import type { EngineSnapshot } from '../engine/engine-types';
import type { BlockArray } from '../memory/block-versions';
import type { Scenario } from '../scenario/scenario-schema';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { damagedCheckpoints } from './session-error';
import { codeRefs, maxChain, withLazyRefs } from './checkpoint-block-deltas';
import { maxBlockElements, type BlockKind, type ListKind } from './checkpoint-block-bytes';
import { isRecord, stackBlockLength, wholeAtMost, type Blocked, type Stack } from './checkpoint-small-state';

export type { BlockKind, ListKind };

/**
 * How a session file keeps several checkpoints of one run: each distinct block of their page
 * state (core/memory/block-versions.ts) once, and each checkpoint as its small state plus, per
 * block list, references to those blocks. Checkpoints of one run share most blocks, so the file
 * holds the newest and many earlier ones for little more than the newest alone.
 *
 * The blocks lie in packs (compressed by the caller, electron/worker/checkpoint-file.ts): a pack
 * is its blocks' bytes one after another, each padded to 4 bytes; page bytes and cells raw,
 * page stacks as differences between neighbouring entries (page lists climb in steps of one,
 * so they compress to almost nothing). The index (this file) is a checkpoint-codec byte string
 * whose state lists the packs, the blocks of each, the blocks of one repeated value ("fills",
 * which need no bytes) and the checkpoints.
 *
 * Format 2 adds deltas: a changed block of an earlier checkpoint may be kept as its bytes XOR
 * those of a base block (the block at its place in the next newer checkpoint of the file), which
 * are mostly zero and compress to a tenth of the block; the newest checkpoint is kept whole, so
 * opening needs no delta. Its references are written as differences (from the next newer
 * checkpoint's at the same place, from the one before in the list for the newest), which are
 * mostly 0 or 1 and deflate to almost nothing; and the small state of each earlier checkpoint is
 * a delta of the next newer one's (checkpoint-small-delta.ts), deflated on its own, so the index
 * stays small and quick to read. Format 3 keeps a delta of page bytes, cells or chunk counts as
 * runs when they are shorter (checkpoint-run-delta.ts): five times less to inflate and apply.
 * Format 1 and 2 files still read.
 */

/** Most checkpoints in one file, packs, and blocks (a 256 GiB host's state is about 115,000 blocks). */
export const maxFileCheckpoints = maxChain;
export const blockIndexFormat = 3;
/** Formats this reads (1: before deltas; 2: before deltas as runs). */
const readableFormats = [1, 2, 3];
const maxPacks = 4096;
const maxBlocks = 4_000_000;
/** Largest pack once decompressed, and all of them together. */
export const maxPackRawBytes = 256 * 1024 * 1024;
export const maxTotalRawBytes = 1536 * 1024 * 1024;

/** One block list of a version: where it is, its kind, its shape and its blocks. */
export interface BlockList {
  kind: ListKind;
  /** Elements in all (a stack's size). */
  length: number;
  /** Elements per block (the last may hold fewer). */
  blockLength: number;
  blocks: readonly BlockArray[];
}

function stackList(s: Stack): BlockList {
  return { kind: 2, length: s.size, blockLength: stackBlockLength, blocks: s.blocks };
}

function blockedList<T extends BlockArray>(kind: ListKind, b: Blocked<T>): BlockList {
  return { kind, length: b.length, blockLength: b.blockLength, blocks: b.blocks };
}

/** Every block list of a version, in a fixed order (the order of the references in a file). */
export function blockListsOf(v: WorldVersion): BlockList[] {
  const out = [blockedList(1, v.machine.cells), stackList(v.machine.recycled), stackList(v.sharedFrames)];
  for (const vm of v.vms) {
    if (vm.pages !== null) out.push(blockedList(0, vm.pages.bytes), blockedList(1, vm.pages.chunks));
    out.push(
      stackList(vm.privatePages),
      stackList(vm.zipPages),
      stackList(vm.overheadStack),
      stackList(vm.framePages),
    );
  }
  return out;
}

/** A pack as the index describes it: its blocks' kinds and element counts, in order. */
export interface PackInfo {
  /** Bytes once decompressed (the sum of {@link packedBytes} of its blocks). */
  rawBytes: number;
  kinds: Uint8Array;
  /** Elements of each block. */
  lengths: Uint32Array;
  /** Runs of each kind 3 block (0 for the others). */
  runs: Uint32Array;
  /** Per block: -1, or for a delta the block (numbered across the packs) it is a delta of. */
  bases: Int32Array;
}

/** Blocks of one repeated value, referenced as -1 - their index. */
export interface FillTable {
  kinds: Uint8Array;
  lengths: Uint32Array;
  values: Int32Array;
}

/** One checkpoint in a file: its tick, small state and, per block list, its block references. */
export interface IndexedCheckpoint {
  tick: number;
  /**
   * Its state without the blocks ({@link smallStateOf}) as checkpoint-codec bytes, read when it
   * is first needed (with {@link BlockIndex.smallDeltas}, but for the newest, a delta deflated).
   */
  small: Uint8Array;
  /** Per block list: >= 0 a block (numbered across the packs in order), < 0 a fill (-1 - index). */
  refs: Int32Array[];
}

export interface BlockIndex {
  engineVersion: string;
  scenario: Scenario;
  packs: PackInfo[];
  fills: FillTable;
  /** Oldest first; the last is the newest. */
  checkpoints: IndexedCheckpoint[];
  /**
   * Whether the small state of every checkpoint but the newest is kept as a delta of the next
   * newer one's (core/session/checkpoint-small-delta.ts), deflated (format 2); else as it is.
   */
  smallDeltas?: boolean;
  /** Whether its deltas may be kept as runs (format 3, or undefined); false: not (block kinds up to 6). */
  runDeltas?: boolean;
  /**
   * Bytes the arrays of each of its small states may take once decoded (read from a file: from the
   * session's scenario, core/session/checkpoint-array-bound.ts); absent: unbounded (one being written).
   */
  maxArrayBytes?: number;
}

/** The index as bytes (a checkpoint-codec byte string, whose header, bounds and checks it shares). */
export function encodeBlockIndex(index: BlockIndex): Uint8Array {
  const newest = index.checkpoints.at(-1);
  const coded = codeRefs(index.checkpoints, false);
  const snapshot: EngineSnapshot = {
    engineVersion: index.engineVersion,
    tick: newest?.tick ?? 0,
    scenario: index.scenario,
    state: {
      format: blockIndexFormat,
      packs: index.packs,
      fills: index.fills,
      checkpoints: index.checkpoints.map((c, i) => ({ ...c, refs: coded[i]! })),
    },
  };
  return encodeCheckpoint(snapshot);
}

function typed<T extends abstract new (...args: never[]) => unknown>(
  v: unknown,
  type: T,
  what: string,
): InstanceType<T> {
  if (!(v instanceof type)) throw damagedCheckpoints(`${what} is missing`);
  return v as InstanceType<T>;
}

/**
 * The index of a session file's checkpoints, checked for what can be checked without the packs:
 * counts and sizes within bounds, every reference to a block or fill that exists, checkpoints in
 * tick order. The blocks of a pack and the bases of deltas are checked when first read
 * (BlockFileReader: most lie only in earlier checkpoints, built after opening). Throws
 * SessionError 'corrupt' naming the problem.
 * `read`: `bytes` already decoded by decodeCheckpoint (with `adopt`), when the caller looked at them
 * first. `maxArrayBytes`: what the index's arrays, and later each of its small states', may take
 * once decoded (see {@link BlockIndex.maxArrayBytes}).
 */
export function decodeBlockIndex(
  bytes: Uint8Array,
  read?: EngineSnapshot,
  maxArrayBytes?: number,
): BlockIndex {
  let snapshot: EngineSnapshot;
  try {
    snapshot = read ?? decodeCheckpoint(bytes, true, false, maxArrayBytes);
  } catch (error) {
    throw damagedCheckpoints(
      `its index does not read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const s = snapshot.state;
  const format = s['format'];
  if (!readableFormats.includes(format as number))
    throw damagedCheckpoints(
      `its index is not of format ${readableFormats.slice(0, -1).join(', ')} or ${readableFormats.at(-1)}`,
    );
  const packsIn = s['packs'];
  const checkpointsIn = s['checkpoints'];
  if (!Array.isArray(packsIn) || packsIn.length > maxPacks)
    throw damagedCheckpoints('its list of packs is missing or too long');
  if (
    !Array.isArray(checkpointsIn) ||
    checkpointsIn.length === 0 ||
    checkpointsIn.length > maxFileCheckpoints
  )
    throw damagedCheckpoints(`it holds no checkpoints, or more than ${maxFileCheckpoints}`);
  let blocks = 0;
  let totalRaw = 0;
  const packs = packsIn.map((p: unknown, i): PackInfo => {
    if (!isRecord(p)) throw damagedCheckpoints(`pack ${i + 1} has no description`);
    const kinds = typed(p['kinds'], Uint8Array, `the block kinds of pack ${i + 1}`);
    const lengths = typed(p['lengths'], Uint32Array, `the block sizes of pack ${i + 1}`);
    const runs = typed(p['runs'], Uint32Array, `the run counts of pack ${i + 1}`);
    const bases =
      format === 1
        ? new Int32Array(kinds.length).fill(-1)
        : typed(p['bases'], Int32Array, `the delta bases of pack ${i + 1}`);
    if (kinds.length !== lengths.length || kinds.length !== runs.length || kinds.length !== bases.length)
      throw damagedCheckpoints(`pack ${i + 1} has not as many kinds as sizes, run counts and bases`);
    // Its blocks are checked when one of them is first read (checkPackBlocks, by BlockFileReader).
    const raw = p['rawBytes'];
    if (!wholeAtMost(raw, maxPackRawBytes))
      throw damagedCheckpoints(
        `pack ${i + 1} does not add up to its size, or is larger than ${maxPackRawBytes} bytes`,
      );
    blocks += kinds.length;
    totalRaw += raw;
    return { rawBytes: raw, kinds, lengths, runs, bases };
  });
  if (blocks > maxBlocks || totalRaw > maxTotalRawBytes) throw damagedCheckpoints('it holds too many blocks');
  const f = s['fills'];
  if (!isRecord(f)) throw damagedCheckpoints('its fill table is missing');
  const fills: FillTable = {
    kinds: typed(f['kinds'], Uint8Array, 'the fill kinds'),
    lengths: typed(f['lengths'], Uint32Array, 'the fill sizes'),
    values: typed(f['values'], Int32Array, 'the fill values'),
  };
  const fillCount = fills.kinds.length;
  if (fills.lengths.length !== fillCount || fills.values.length !== fillCount || fillCount > maxBlocks)
    throw damagedCheckpoints('its fill table is not whole');
  for (let i = 0; i < fillCount; i++)
    if (fills.kinds[i]! > 2 || fills.lengths[i]! === 0 || fills.lengths[i]! > maxBlockElements)
      throw damagedCheckpoints(`fill ${i + 1} has an impossible kind or size`);
  let previousTick = -1;
  const checkpoints = checkpointsIn.map((c: unknown, i): IndexedCheckpoint => {
    if (!isRecord(c) || !(c['small'] instanceof Uint8Array) || !Array.isArray(c['refs']))
      throw damagedCheckpoints(`checkpoint ${i + 1} has no state or references`);
    const tick = c['tick'];
    if (!Number.isSafeInteger(tick) || (tick as number) <= previousTick)
      throw damagedCheckpoints(`checkpoint ${i + 1} has no tick after the one before it`);
    previousTick = tick as number;
    const refs = c['refs'].map((r: unknown) => typed(r, Int32Array, `the references of checkpoint ${i + 1}`));
    return { tick: tick as number, small: c['small'], refs };
  });
  if (format === 1)
    checkpoints.forEach((c, i) => {
      for (const list of c.refs)
        for (let k = 0; k < list.length; k++)
          if (list[k]! >= blocks || list[k]! < -fillCount)
            throw damagedCheckpoints(`checkpoint ${i + 1} refers to a block the file does not hold`);
    });
  const decoded = format === 1 ? checkpoints : withLazyRefs(checkpoints, blocks, fillCount);
  return {
    engineVersion: snapshot.engineVersion,
    scenario: snapshot.scenario,
    packs,
    fills,
    checkpoints: decoded,
    smallDeltas: format !== 1,
    runDeltas: format === 3,
    ...(maxArrayBytes === undefined ? {} : { maxArrayBytes }),
  };
}
