import { totalmem } from 'node:os';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  restoreWorldAdopting,
  restoreWorldVersion,
  addedVersionBytes as addedBytes,
  saveWorldVersion,
  snapshotOfVersion,
  type WorldVersion,
} from '../../core/engine/world-version';
import type { Engine, EngineSnapshot } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { encodeCheckpoint } from '../../core/session/checkpoint-codec';
import { checkedCheckpoint, versionOfCheckpoint } from '../../core/session/checkpoint-restore';
import { SessionError } from '../../core/session/session-error';

/** One checkpoint as a session file holds it: the engine at `tick`, encoded (checkpoint-codec.ts) and deflated. */
export interface StoredCheckpoint {
  tick: number;
  bytes: Uint8Array;
}

/**
 * A kept checkpoint: the world's version (core/engine/world-version.ts), sharing every block
 * unchanged with its neighbours, or, for one that came from a session file, its deflated bytes
 * until a jump first needs it.
 */
export interface Kept {
  tick: number;
  version: WorldVersion | null;
  file: Uint8Array | null;
  /** The head of the run while a past tick is shown (time-travel.ts): never thinned away. */
  pinned?: boolean;
  /** Engine work from the checkpoint before it to this one, ms, when the run took it (see thin). */
  workMs?: number;
  /**
   * Builds the version of one that came from a session file (checkpoint-file.ts), when first
   * needed, with the bytes of block memory that made (the blocks it shares with those built
   * before it cost nothing new).
   */
  lazy?: () => { version: WorldVersion; addedBytes: number };
}

export interface CheckpointPolicy {
  /** Engine work between two checkpoints at least, ms: what a jump replays at most. */
  minWorkMs: number;
  /** And at least this many times what the last checkpoint cost, so taking them stays a small share of the run. */
  costFactor: number;
  /**
   * But at most this much engine work apart, ms, however much they cost (until thinned past the
   * memory budget): a jump replays at most this much, so it stays under 300 ms on a large host.
   * No bound when left out.
   */
  maxWorkMs?: number;
  /** Memory the checkpoints may hold; past it a quarter of them go (see thin) and they are taken less often. */
  maxBytes: number;
}

const GiB = 1024 * 1024 * 1024;

/**
 * Memory the checkpoints may hold on a machine of `totalMemoryBytes`: an eighth of it, from 1.5
 * to 3 GiB. A 256 GiB host's run needs one whole state (about 550 MiB) and 20-60 MiB for every
 * checkpoint after it; at 1.5 GiB they end an hour 400-800 ms of engine work apart (what a jump
 * replays), at 3 GiB about 100 ms.
 */
export function checkpointBudgetBytes(totalMemoryBytes: number): number {
  return Math.min(3 * GiB, Math.max(1.5 * GiB, Math.floor(totalMemoryBytes / 8)));
}

export const defaultCheckpointPolicy: CheckpointPolicy = {
  minWorkMs: 100,
  costFactor: 3,
  maxWorkMs: 150,
  maxBytes: checkpointBudgetBytes(totalmem()),
};

/** Largest checkpoint once inflated: a 256 GiB host's is about 550 MiB; a larger one is refused, not inflated. */
const maxInflatedBytes = 1536 * 1024 * 1024;

function damaged(error: unknown): SessionError {
  return new SessionError(
    'corrupt',
    `The checkpoint is damaged: ${error instanceof Error ? error.message : String(error)}.`,
  );
}

/**
 * A deflated checkpoint inflated, refused (SessionError) when damaged or past the largest size.
 * The output buffer is sized for the usual ratio, so a large checkpoint comes out in one piece
 * instead of being gathered from 16 KiB pieces and copied once more.
 */
function inflated(bytes: Uint8Array): Buffer {
  const chunkSize = Math.min(maxInflatedBytes, Math.max(64 * 1024, bytes.byteLength * 20));
  try {
    return inflateRawSync(bytes, { maxOutputLength: maxInflatedBytes, chunkSize });
  } catch (error) {
    throw damaged(error);
  }
}

/** The checked snapshot of a deflated checkpoint (checkpoint-restore.ts), its arrays handed over. */
function checkpointOfFile(bytes: Uint8Array, scenario: Scenario, maxTick: number): EngineSnapshot {
  const raw = inflated(bytes);
  return checkedCheckpoint(raw, scenario, maxTick);
}

function worldOf(engine: Engine): SimEngine['world'] | null {
  return engine instanceof SimEngine ? engine.world : null;
}

/**
 * The run's checkpoints, oldest first, taken by engine work (not simulated time): a jump back
 * restores the nearest one before it and replays less than the work between two, whatever the
 * host size or the phase of the run (a boot storm costs far more per tick than a steady hour).
 * A checkpoint is a version of the world: it copies only the blocks of page state changed since
 * the one before (a few MiB on a 256 GiB host), and restoring it into the engine already shown
 * rewrites only the blocks where the two differ.
 */
export class CheckpointStore {
  private list: Kept[] = [];
  private workMs = 0;
  private spacingMs: number;
  /** What a checkpoint costs, smoothed (one slow one, a busy moment of the machine, does not set the pace). */
  private costMs = 0;
  private bytes = 0;

  constructor(
    private readonly now: () => number,
    private readonly policy: CheckpointPolicy = defaultCheckpointPolicy,
  ) {
    this.spacingMs = policy.minWorkMs;
  }

  get count(): number {
    return this.list.length;
  }

  /** Memory the checkpoints hold (blocks shared between them counted once), bytes. */
  get totalBytes(): number {
    return this.bytes;
  }

  get ticks(): number[] {
    return this.list.map((c) => c.tick);
  }

  /** A new run: none of the old checkpoints apply. */
  clear(): void {
    this.list = [];
    this.bytes = 0;
    this.workMs = 0;
    this.costMs = 0;
    this.spacingMs = this.policy.minWorkMs;
  }

  /** Counts `elapsedMs` of engine work and takes a checkpoint of `engine` once enough was done. */
  observe(engine: Engine, elapsedMs: number): void {
    this.workMs += elapsedMs;
    if (this.workMs >= this.spacing) this.take(engine);
  }

  /**
   * The newest checkpoint at or before `engine`'s tick, taken now when there is none or when
   * replaying from the newest would cost more than `maxReplayMs` of engine work.
   */
  newestKept(engine: Engine, maxReplayMs: number): Kept {
    const newest = this.nearest(engine.tick);
    if (newest === null || (newest.tick < engine.tick && this.workMs > maxReplayMs)) this.take(engine);
    return this.nearest(engine.tick)!;
  }

  /** The newest checkpoint at or before `tick` as a session file keeps it (deflated, encoded now if need be), or null. */
  fileAt(tick: number): StoredCheckpoint | null {
    const kept = this.nearest(tick);
    if (kept === null) return null;
    kept.file ??= deflateRawSync(encodeCheckpoint(snapshotOfVersion(kept.version!)), { level: 1 });
    return { tick: kept.tick, bytes: kept.file };
  }

  /** Takes a checkpoint of `engine` now (replacing one at the same tick and any after it). */
  take(engine: Engine): void {
    const t0 = this.now();
    const world = worldOf(engine);
    const version = world !== null ? saveWorldVersion(world) : null;
    // Session files keep versions' blocks (checkpoint-file.ts): only an engine without one is encoded here.
    const encoded = version === null ? encodeCheckpoint(engine.snapshot()) : null;
    this.observeCost(this.now() - t0);
    const workMs = this.workMs;
    this.workMs = 0;
    this.dropAfter(engine.tick - 1);
    // Counted against the one before (a whole recount would cost more than the checkpoint).
    const previous = this.list.at(-1)?.version ?? null;
    const kept: Kept = { tick: engine.tick, version, file: null, workMs };
    this.list.push(kept);
    if (version !== null) this.bytes += addedBytes(version, previous);
    if (encoded !== null) {
      // An engine without a world to version (a test double): its checkpoint as a file keeps it.
      kept.file = deflateRawSync(encoded, { level: 1 });
      this.bytes += kept.file.byteLength;
    }
    if (this.bytes > this.policy.maxBytes) this.thin();
  }

  /** What taking a checkpoint cost, smoothed. */
  private observeCost(costMs: number): void {
    this.costMs = this.costMs === 0 ? costMs : (this.costMs + costMs) / 2;
  }

  /**
   * Engine work between two checkpoints now, ms: what taking them asks for
   * ({@link CheckpointPolicy.costFactor} times what one costs) up to the bound a jump needs, and
   * more once thinned.
   */
  get spacing(): number {
    const paced = Math.min(this.policy.costFactor * this.costMs, this.policy.maxWorkMs ?? Infinity);
    return Math.max(this.spacingMs, paced);
  }

  /**
   * Memory held by the kept checkpoints: each one's blocks that its predecessor does not share
   * (a block shared by checkpoints further apart is counted more than once: a bound, quick to take).
   */
  private measure(): number {
    let bytes = 0;
    let previous: WorldVersion | null = null;
    for (const c of this.list) {
      bytes += (c.version !== null ? addedBytes(c.version, previous) : 0) + (c.file?.byteLength ?? 0);
      previous = c.version ?? previous;
    }
    return bytes;
  }

  /** The newest checkpoint at or before `tick`, or null. */
  nearest(tick: number): Kept | null {
    let found: Kept | null = null;
    for (const c of this.list) {
      if (c.tick > tick) break;
      found = c;
    }
    return found;
  }

  /** Forgets the checkpoints after `tick` (the run goes on from there as a branch). */
  dropAfter(tick: number): void {
    const at = this.list.findIndex((c) => c.tick > tick);
    if (at < 0) return;
    // The newest go (the list is in tick order): what each added is taken off, as measure()
    // counts it, instead of a recount over every block of every checkpoint (about 0.1 s on a
    // 256 GiB host, and the first jump back drops the checkpoint at the head's tick).
    let previous: WorldVersion | null = null;
    for (let i = at - 1; i >= 0 && previous === null; i--) previous = this.list[i]!.version;
    for (const c of this.list.slice(at)) {
      this.bytes -= (c.version !== null ? addedBytes(c.version, previous) : 0) + (c.file?.byteLength ?? 0);
      previous = c.version ?? previous;
    }
    this.bytes = Math.max(0, this.bytes);
    this.list = this.list.slice(0, at);
  }

  /**
   * Deflated checkpoints before `tick`, oldest first, spread evenly over the run and together at
   * most `budgetBytes` (what a session file keeps besides its newest, `newestBytes` long: when one
   * alone would not fit, none is encoded).
   */
  earlierThan(tick: number, budgetBytes: number, newestBytes: number): StoredCheckpoint[] {
    const before = this.list.filter((c) => c.tick < tick);
    if (before.length === 0 || newestBytes > budgetBytes) return [];
    // Checkpoints of one run deflate to about the same size: as many as the budget holds.
    const room = Math.max(1, Math.floor(budgetBytes / Math.max(1, newestBytes)));
    const every = Math.max(1, Math.ceil(before.length / room));
    const out: StoredCheckpoint[] = [];
    let used = 0;
    for (let i = before.length - 1; i >= 0; i -= every) {
      const c = before[i]!;
      const bytes = (c.file ??= deflateRawSync(encodeCheckpoint(snapshotOfVersion(c.version!)), {
        level: 1,
      }));
      if (used + bytes.byteLength > budgetBytes) break;
      used += bytes.byteLength;
      out.unshift({ tick: c.tick, bytes });
    }
    return out;
  }

  /**
   * Keeps a checkpoint of `engine` (an engine replaying a past stretch of the run for a jump) when
   * none is near its tick, without dropping the later ones: going back there again is then quick.
   */
  record(engine: Engine, workMs?: number): void {
    const world = worldOf(engine);
    if (world === null) return;
    const at = this.list.findIndex((c) => c.tick >= engine.tick);
    if (at >= 0 && this.list[at]!.tick === engine.tick) return;
    const t0 = this.now();
    const version = saveWorldVersion(world);
    // What it cost sets the spacing, as for the run's own (an opened session's gaps are filled
    // with these: at the least spacing they came out half as many again, each copying blocks).
    this.observeCost(this.now() - t0);
    // Counted against its neighbour (before it, else after it).
    const previous =
      (at > 0 ? this.list[at - 1] : at === 0 ? this.list[0] : this.list.at(-1))?.version ?? null;
    const kept: Kept = {
      tick: engine.tick,
      version,
      file: null,
      ...(workMs !== undefined ? { workMs } : {}),
    };
    if (at < 0) this.list.push(kept);
    else this.list.splice(at, 0, kept);
    this.bytes += addedBytes(version, previous);
    if (this.bytes > this.policy.maxBytes) this.thin();
  }

  /**
   * Keeps `engine`'s exact state now as a checkpoint at its tick (replacing one there, which may
   * predate an intervention of that tick), pinned: the head of the run, which a jump back then
   * overwrites in its own engine (time-travel.ts). Only the blocks changed since the last
   * checkpoint are copied.
   */
  pinHead(engine: Engine): Kept {
    const world = worldOf(engine);
    // The work since the one before: the run's own count, or that of the checkpoint it replaces
    // (an opened file's newest, whose gap is still to be filled).
    const replaced = this.list.find((c) => c.tick === engine.tick);
    const workMs = replaced !== undefined ? replaced.workMs : this.workMs;
    this.dropAfter(engine.tick - 1);
    const version = world !== null ? saveWorldVersion(world) : null;
    // An engine without a world to version (a test double) is kept as a file checkpoint.
    const file = version === null ? deflateRawSync(encodeCheckpoint(engine.snapshot()), { level: 1 }) : null;
    const kept: Kept = {
      tick: engine.tick,
      version,
      file,
      pinned: true,
      ...(workMs !== undefined ? { workMs } : {}),
    };
    this.bytes +=
      version !== null ? addedBytes(version, this.list.at(-1)?.version ?? null) : file!.byteLength;
    this.list.push(kept);
    return kept;
  }

  /** The head is no longer pinned (it is shown again, or dropped by a branch): it is a checkpoint like the others. */
  unpin(): void {
    for (const c of this.list) c.pinned = false;
    if (this.bytes > this.policy.maxBytes) this.thin();
  }

  /**
   * Stretches between two checkpoints whose engine work no run measured (an opened session
   * file's), the first one's version built: what checkpoint-gaps.ts fills.
   */
  unmeasuredGaps(): { from: Kept; to: Kept }[] {
    return this.gaps().filter((g) => g.from.version !== null);
  }

  /** Some gap between two checkpoints is not measured yet, its first checkpoint built or still to be. */
  get unmeasured(): boolean {
    return this.gaps().some((g) => g.from.version !== null || g.from.lazy !== undefined);
  }

  /** Stretches of more than a tick between two checkpoints whose engine work is not known. */
  private gaps(): { from: Kept; to: Kept }[] {
    const gaps: { from: Kept; to: Kept }[] = [];
    for (let i = 1; i < this.list.length; i++) {
      const from = this.list[i - 1]!;
      const to = this.list[i]!;
      if (to.workMs === undefined && to.tick - from.tick > 1) gaps.push({ from, to });
    }
    return gaps;
  }

  /** Some checkpoint is still to be built from its file (an opened session's). */
  get building(): boolean {
    return this.list.some((c) => c.version === null && c.lazy !== undefined);
  }

  /** The engine work from the checkpoint before `kept` to it is now known (a gap was filled). */
  markMeasured(kept: Kept, workMs: number): void {
    kept.workMs = workMs;
  }

  /** Forgets one checkpoint (it would not restore). */
  forget(kept: Kept): void {
    this.list = this.list.filter((c) => c !== kept);
    this.bytes = this.measure();
  }

  /** Keeps a checkpoint that came from elsewhere (a saved session), in tick order. */
  adopt(
    checkpoint:
      | StoredCheckpoint
      | { tick: number; version: WorldVersion }
      | { tick: number; lazy: NonNullable<Kept['lazy']> },
  ): void {
    this.dropAfter(checkpoint.tick - 1);
    this.list.push(
      'version' in checkpoint
        ? { tick: checkpoint.tick, version: checkpoint.version, file: null }
        : 'lazy' in checkpoint
          ? { tick: checkpoint.tick, version: null, file: null, lazy: checkpoint.lazy }
          : { tick: checkpoint.tick, version: null, file: checkpoint.bytes },
    );
    this.bytes = this.measure();
  }

  /** The version of `checkpoint`, built now from its file when it has none yet (throws SessionError when it does not open). */
  versionOf(checkpoint: Kept, scenario: Scenario): WorldVersion {
    if (checkpoint.version === null && checkpoint.lazy !== undefined) {
      // What it made is what it adds: a recount from its neighbours, three walks of every
      // block, took a tenth of building one of a large host's.
      let built: ReturnType<NonNullable<Kept['lazy']>>;
      try {
        built = checkpoint.lazy();
      } catch (error) {
        // Damaged: not built again (the caller forgets it, or leaves it for a jump to skip).
        checkpoint.lazy = undefined;
        throw error;
      }
      checkpoint.version = built.version;
      checkpoint.lazy = undefined;
      if (this.list.includes(checkpoint)) this.bytes += built.addedBytes;
    } else if (checkpoint.version === null) {
      // One of a file that did not build before: refused again (a jump then takes the one before it).
      if (checkpoint.file === null)
        throw new SessionError('corrupt', `The checkpoint at tick ${checkpoint.tick} is damaged.`);
      checkpoint.version = versionOfCheckpoint(inflated(checkpoint.file), scenario, checkpoint.tick);
      this.countBuilt(checkpoint);
    }
    return checkpoint.version;
  }

  /**
   * Counts a checkpoint just built from its file as {@link measure} would, from its neighbours
   * only (an opened file's dozens are built one after another: a recount each time would cost
   * more than building them).
   */
  private countBuilt(built: Kept): void {
    const at = this.list.indexOf(built);
    if (at < 0) return;
    let previous: WorldVersion | null = null;
    for (let i = at - 1; i >= 0 && previous === null; i--) previous = this.list[i]!.version;
    const next = this.list.slice(at + 1).find((c) => c.version !== null)?.version ?? null;
    const version = built.version!;
    this.bytes += addedBytes(version, previous) - (built.file?.byteLength ?? 0);
    if (next !== null) this.bytes += addedBytes(next, version) - addedBytes(next, previous);
    this.bytes = Math.max(0, this.bytes);
  }

  /**
   * The engine of `checkpoint` (throws SessionError when it does not restore). With `into` (an
   * engine of the same run that is given up) its page arrays are rewritten instead of allocated.
   */
  restore(checkpoint: Kept, scenario: Scenario, into: Engine | null = null): Engine {
    const version = this.versionOf(checkpoint, scenario);
    const target = into !== null ? worldOf(into) : null;
    try {
      return new SimEngine(restoreWorldVersion(version, target));
    } catch (error) {
      throw damaged(error);
    }
  }

  /**
   * The engine of a saved session's newest checkpoint, which (with the earlier ones, kept as the
   * file has them until a jump needs one) becomes this store's. The engine takes the inflated
   * arrays as they are and the checkpoint's version shares them (restoreWorldAdopting), so no page
   * is copied. Throws SessionError when it does not restore; the store is then left as it was.
   */
  openFile(newest: StoredCheckpoint, earlier: readonly StoredCheckpoint[], scenario: Scenario): Engine {
    const snapshot = checkpointOfFile(newest.bytes, scenario, newest.tick);
    let opened: ReturnType<typeof restoreWorldAdopting>;
    try {
      opened = restoreWorldAdopting(snapshot);
    } catch (error) {
      throw damaged(error);
    }
    for (const c of earlier)
      if (c.tick < newest.tick && (this.list.at(-1)?.tick ?? -1) < c.tick)
        this.list.push({ tick: c.tick, version: null, file: c.bytes });
    this.list.push({ tick: newest.tick, version: opened.version, file: null });
    this.bytes = this.measure();
    return new SimEngine(opened.world);
  }

  /**
   * Past the budget a quarter of the checkpoints go, each the one whose stretch of engine work,
   * merged with the next one's, is the shortest (so the longest replay a jump may need grows as
   * little as it can), and they are taken a third less often. The oldest (a run's tick 0, nearly
   * all blocks of one value: no jump has to build an engine from nothing), the newest and the
   * pinned head stay.
   */
  private thin(): void {
    const list = this.list.slice();
    // One whose work is not known (an opened file's, its gap still to be filled) lies far from the
    // one before: it stays, and so does its gap for checkpoint-gaps.ts to fill.
    const work = (c: Kept): number => c.workMs ?? Infinity;
    for (let n = Math.max(1, list.length >> 2); n > 0; n--) {
      let drop = -1;
      let merged = Infinity;
      for (let i = 1; i < list.length - 1; i++) {
        const w = work(list[i]!) + work(list[i + 1]!);
        if (list[i]!.pinned !== true && w < merged) [drop, merged] = [i, w];
      }
      if (drop < 0) break;
      list[drop + 1]!.workMs = merged;
      list.splice(drop, 1);
    }
    this.list = list;
    this.bytes = this.measure();
    this.spacingMs *= 4 / 3;
  }
}
