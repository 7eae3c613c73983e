import { restoreWorldVersion, saveWorldVersion, type WorldVersion } from '../../core/engine/world-version';
import { addedVersionBytes as addedBytes } from '../../core/engine/version-bytes';
import type { Engine } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { encodeCheckpoint } from '../../core/session/checkpoint-codec';
import { buildVersion, openedCheckpoint } from './checkpoint-build';
import { builtBytesDelta, measuredBytes } from './checkpoint-bytes';
import { damaged, deflated, keptFile } from './checkpoint-deflate';
import { spreadWithinBudget } from './checkpoint-earlier';
import { unmeasuredStretches, worldOf, type Kept, type StoredCheckpoint } from './checkpoint-kept';
import { pinnedHead } from './checkpoint-head';
import { CheckpointPacing } from './checkpoint-pacing';
import { defaultCheckpointPolicy, type CheckpointPolicy } from './checkpoint-policy';
import { thinned } from './checkpoint-thinning';

// Part of the store's API: time-travel.ts, checkpoint-gaps.ts and the tests import them from here.
export type { Kept, StoredCheckpoint } from './checkpoint-kept';
export { checkpointBudgetBytes, defaultCheckpointPolicy, type CheckpointPolicy } from './checkpoint-policy';

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
  private readonly pacing: CheckpointPacing;
  private bytes = 0;

  constructor(
    private readonly now: () => number,
    private readonly policy: CheckpointPolicy = defaultCheckpointPolicy,
  ) {
    this.pacing = new CheckpointPacing(policy);
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
    this.pacing.reset();
  }

  /** Counts `elapsedMs` of engine work and takes a checkpoint of `engine` once enough was done. */
  observe(engine: Engine, elapsedMs: number): void {
    this.pacing.workMs += elapsedMs;
    if (this.pacing.workMs >= this.spacing) this.take(engine);
  }

  /**
   * The newest checkpoint at or before `engine`'s tick, taken now when there is none or when
   * replaying from the newest would cost more than `maxReplayMs` of engine work.
   */
  newestKept(engine: Engine, maxReplayMs: number): Kept {
    const newest = this.nearest(engine.tick);
    if (newest === null || (newest.tick < engine.tick && this.pacing.workMs > maxReplayMs)) this.take(engine);
    return this.nearest(engine.tick)!;
  }

  /** The newest checkpoint at or before `tick` as a session file keeps it (deflated, encoded now if need be), or null. */
  fileAt(tick: number): StoredCheckpoint | null {
    const kept = this.nearest(tick);
    if (kept === null) return null;
    return { tick: kept.tick, bytes: keptFile(kept) };
  }

  /** Takes a checkpoint of `engine` now (replacing one at the same tick and any after it). */
  take(engine: Engine): void {
    const t0 = this.now();
    const world = worldOf(engine);
    const version = world !== null ? saveWorldVersion(world) : null;
    // Session files keep versions' blocks (checkpoint-file.ts): only an engine without one is encoded here.
    const encoded = version === null ? encodeCheckpoint(engine.snapshot()) : null;
    this.pacing.observeCost(this.now() - t0);
    const workMs = this.pacing.workMs;
    this.pacing.workMs = 0;
    this.dropAfter(engine.tick - 1);
    // Counted against the one before (a whole recount would cost more than the checkpoint).
    const previous = this.list.at(-1)?.version ?? null;
    const kept: Kept = { tick: engine.tick, version, file: null, workMs };
    this.list.push(kept);
    if (version !== null) this.bytes += addedBytes(version, previous);
    if (encoded !== null) {
      // An engine without a world to version (a test double): its checkpoint as a file keeps it.
      kept.file = deflated(encoded);
      this.bytes += kept.file.byteLength;
    }
    if (this.bytes > this.policy.maxBytes) this.thin();
  }

  /** Engine work between two checkpoints now, ms (see CheckpointPacing). */
  get spacing(): number {
    return this.pacing.spacing;
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
    // The newest go (the list is in tick order): what they added is taken off.
    this.bytes = Math.max(0, this.bytes - measuredBytes(this.list, at));
    this.list = this.list.slice(0, at);
  }

  /**
   * Deflated checkpoints before `tick`, oldest first, spread evenly over the run and together at
   * most `budgetBytes` (what a session file keeps besides its newest, `newestBytes` long: when one
   * alone would not fit, none is encoded).
   */
  earlierThan(tick: number, budgetBytes: number, newestBytes: number): StoredCheckpoint[] {
    return spreadWithinBudget(
      this.list.filter((c) => c.tick < tick),
      budgetBytes,
      newestBytes,
    );
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
    // Replayed for a jump or a gap, not run on: it keeps the page arrays a restore set aside.
    const version = saveWorldVersion(world, true);
    // What it cost sets the spacing, as for the run's own (an opened session's gaps are filled
    // with these: at the least spacing they came out half as many again, each copying blocks).
    this.pacing.observeCost(this.now() - t0);
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
    // The work since the one before: the run's own count, or that of the checkpoint it replaces
    // (an opened file's newest, whose gap is still to be filled).
    const replaced = this.list.find((c) => c.tick === engine.tick);
    const workMs = replaced !== undefined ? replaced.workMs : this.pacing.workMs;
    this.dropAfter(engine.tick - 1);
    const head = pinnedHead(engine, workMs, this.list.at(-1)?.version ?? null);
    this.bytes += head.addedBytes;
    this.list.push(head.kept);
    return head.kept;
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
    return unmeasuredStretches(this.list).filter((g) => g.from.version !== null);
  }

  /** Some gap between two checkpoints is not measured yet, its first checkpoint built or still to be. */
  get unmeasured(): boolean {
    return unmeasuredStretches(this.list).some((g) => g.from.version !== null || g.from.lazy !== undefined);
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
    this.bytes = measuredBytes(this.list);
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
    this.bytes = measuredBytes(this.list);
  }

  /** The version of `checkpoint`, built now from its file when it has none yet (throws SessionError when it does not open). */
  versionOf(checkpoint: Kept, scenario: Scenario): WorldVersion {
    if (checkpoint.version === null) {
      const added = buildVersion(checkpoint, scenario);
      if (added === null) this.countBuilt(checkpoint);
      else if (this.list.includes(checkpoint)) this.bytes += added;
    }
    return checkpoint.version!;
  }

  /** Counts a checkpoint just built from its file as {@link measuredBytes} would (see builtBytesDelta). */
  private countBuilt(built: Kept): void {
    const at = this.list.indexOf(built);
    if (at >= 0) this.bytes = Math.max(0, this.bytes + builtBytesDelta(this.list, at));
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
   * file has them until a jump needs one) becomes this store's, no page copied (see
   * openedCheckpoint). Throws SessionError when it does not restore; the store is then left as it was.
   */
  openFile(newest: StoredCheckpoint, earlier: readonly StoredCheckpoint[], scenario: Scenario): Engine {
    const opened = openedCheckpoint(newest, scenario);
    for (const c of earlier)
      if (c.tick < newest.tick && (this.list.at(-1)?.tick ?? -1) < c.tick)
        this.list.push({ tick: c.tick, version: null, file: c.bytes });
    this.list.push({ tick: newest.tick, version: opened.version, file: null });
    this.bytes = measuredBytes(this.list);
    return new SimEngine(opened.world);
  }

  /** Past the budget a quarter of the checkpoints go (see thinned), and they are taken a third less often. */
  private thin(): void {
    this.list = thinned(this.list);
    this.bytes = measuredBytes(this.list);
    this.pacing.slowDown();
  }
}
