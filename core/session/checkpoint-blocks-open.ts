import type { WorldVersion } from '../engine/world-version';
import type { EngineSnapshot } from '../engine/engine-types';
import { engineVersion } from '../engine/engine-version';
import type { BlockArray } from '../memory/block-versions';
import type { Scenario } from '../scenario/scenario-schema';
import { canonicalJson } from '../trace/replay-cursor';
import { type BlockIndex } from './checkpoint-blocks';
import { BlockObjects } from './checkpoint-block-objects';
import { fillSmallState, type ListShape } from './checkpoint-small-state';
import { BlockTable } from './checkpoint-block-table';
import { NewestArena } from './checkpoint-newest-arena';
import { checkShapes } from './checkpoint-restore';
import { CheckpointStates, sameShape } from './checkpoint-states';
import { damagedCheckpoints, SessionError } from './session-error';

/**
 * Reads the checkpoints of a session file (core/session/checkpoint-blocks.ts) whose index was
 * decoded: each pack's bytes come from `rawOf` (decompressed by the caller, once), so a caller
 * that needs only the newest checkpoint decompresses only the packs it refers to. Blocks the
 * checkpoints share become one object, as in a run.
 */
export class BlockFileReader {
  /**
   * Per block (numbered across the packs): its pack and its byte offset there, kind, elements and
   * runs; all but the pack known once a block of its pack was read (BlockTable `need`).
   */
  readonly packOf: Uint32Array;
  readonly offsetOf: Float64Array;
  readonly kindOf: Uint8Array;
  readonly lengthOf: Uint32Array;
  readonly runsOf: Uint32Array;
  private readonly table: BlockTable;
  /** The checkpoint built last, with its lists (the version's own arrays, never written). */
  private last: { i: number; shapes: ListShape[]; lists: BlockArray[][] } | null = null;
  /** The block objects built so far. */
  private readonly blocks: BlockObjects;
  /** The checkpoints' small states, and the check of their lists. */
  private readonly states: CheckpointStates;

  /**
   * `inflate` undoes the deflate of an earlier checkpoint's small state (a file with
   * {@link BlockIndex.smallDeltas}), refusing one larger than a state may be.
   */
  constructor(
    readonly index: BlockIndex,
    private readonly rawOf: (pack: number) => Uint8Array,
    inflate: ((bytes: Uint8Array) => Uint8Array) | null = null,
  ) {
    this.table = new BlockTable(index);
    this.states = new CheckpointStates(index, this.table, inflate);
    ({
      packOf: this.packOf,
      offsetOf: this.offsetOf,
      kindOf: this.kindOf,
      lengthOf: this.lengthOf,
      runsOf: this.runsOf,
    } = this.table);
    this.blocks = new BlockObjects(index, this.table, rawOf);
  }

  /** Throws SessionError 'invalid' when the file belongs to another engine version or scenario, or its newest checkpoint lies past `maxTick`. */
  checkBelongs(scenario: Scenario, maxTick: number): void {
    const { index } = this;
    if (index.engineVersion !== engineVersion)
      throw new SessionError(
        'invalid',
        `The checkpoints were made by engine ${index.engineVersion.slice(0, 64)}; this is engine ${engineVersion}.`,
      );
    if (canonicalJson(index.scenario) !== canonicalJson(scenario))
      throw new SessionError('invalid', 'The checkpoints belong to another scenario.');
    const newest = index.checkpoints.at(-1)!.tick;
    if (newest > maxTick)
      throw new SessionError('invalid', `The checkpoint at tick ${newest} is past tick ${maxTick}.`);
  }

  /** See {@link BlockObjects.packsOf}. */
  packsOf(i: number): number[] {
    return this.blocks.packsOf(i);
  }

  /** See {@link BlockObjects.fillValue}. */
  fillValue(f: number): number {
    return this.blocks.fillValue(f);
  }

  /** Block `r` as one object (see {@link BlockObjects.objectOf}). */
  objectOf(r: number): BlockArray {
    return this.blocks.objectOf(r);
  }

  /** See {@link BlockObjects.seed}. */
  seed(r: number, block: BlockArray): void {
    this.blocks.seed(r, block);
  }

  /** See {@link BlockObjects.baseObject}. */
  baseObject(r: number): BlockArray | null {
    return this.blocks.baseObject(r);
  }

  /** See {@link BlockObjects.takeBasesBuilt}. */
  takeBasesBuilt(): [number, BlockArray][] {
    return this.blocks.takeBasesBuilt();
  }

  /** See {@link BlockObjects.takeBlocksRead}. */
  takeBlocksRead(): [number, BlockArray][] {
    return this.blocks.takeBlocksRead();
  }

  /** See {@link BlockObjects.takeBytesMade}. */
  takeBytesMade(): number {
    return this.blocks.takeBytesMade();
  }

  /**
   * Checkpoint `i` as a version of the world, its blocks one object per block of the file.
   * Throws SessionError 'corrupt' when its references or shapes do not fit.
   */
  version(i: number, scenario: Scenario): WorldVersion {
    const c = this.index.checkpoints[i]!;
    // Built right after the next newer one (as the checkpoints of an opened file are, newest
    // first), it starts from that one's lists and looks only at the references that differ:
    // a large host's checkpoint has 115,000 of them, of which a few thousand change.
    const prev = this.last?.i === i + 1 ? this.last : null;
    const newerRefs = prev !== null ? this.index.checkpoints[i + 1]!.refs : null;
    const { small, shapes } = this.states.checked(
      i,
      prev !== null && newerRefs !== null ? { shapes: prev.shapes, refs: newerRefs } : null,
    );
    const lists: BlockArray[][] = [];
    const filled = fillSmallState(
      small,
      (shape, l) => {
        const refs = c.refs[l]!;
        let blocks: BlockArray[];
        if (prev !== null && newerRefs !== null && sameShape(prev.shapes[l], shape)) {
          const above = newerRefs[l]!;
          blocks = prev.lists[l]!.slice();
          for (let b = 0; b < refs.length; b++)
            if (refs[b] !== above[b]) blocks[b] = this.blocks.objectOf(refs[b]!);
        } else blocks = Array.from(refs, (r) => this.blocks.objectOf(r));
        lists.push(blocks);
        return shape.kind === 2
          ? { size: shape.length, blocks }
          : { length: shape.length, blockLength: shape.blockLength, blocks };
      },
      false,
    );
    const version = { ...filled, engineVersion, scenario, tick: c.tick } as unknown as WorldVersion;
    this.checkVersion(version, i);
    this.last = { i, shapes, lists };
    return version;
  }

  private checkVersion(version: WorldVersion, i: number): void {
    try {
      checkShapes(version);
    } catch (error) {
      throw damagedCheckpoints(
        `checkpoint ${i + 1}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * The newest checkpoint laid out as whole arrays in one buffer, not yet written: each pack's
   * blocks go in as that pack is decompressed (checkpoint-newest-arena.ts). Throws SessionError
   * 'corrupt' when its references or shapes do not fit.
   */
  newestArena(): NewestArena {
    const i = this.index.checkpoints.length - 1;
    const { small, shapes } = this.states.checked(i);
    return new NewestArena(this, small, shapes, this.index.checkpoints[i]!.refs);
  }

  /**
   * The newest checkpoint as a snapshot of whole arrays, each block written straight into them
   * from its pack (no block objects: an engine adopts these arrays as its own). Throws
   * SessionError 'corrupt' when its references or shapes do not fit.
   */
  newestSnapshot(scenario: Scenario): EngineSnapshot {
    const arena = this.newestArena();
    arena.writeFills();
    for (const p of arena.packs) arena.writePack(p, this.rawOf(p));
    const { tick: _tick, ...state } = arena.finish();
    return { engineVersion, scenario, tick: this.index.checkpoints.at(-1)!.tick, state };
  }
}
