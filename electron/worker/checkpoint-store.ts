import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Engine } from '../../core/engine/engine-types';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { encodeCheckpoint } from '../../core/session/checkpoint-codec';
import { restoreCheckpoint } from '../../core/session/checkpoint-restore';
import { SessionError } from '../../core/session/session-error';

/** One checkpoint: the engine at `tick`, encoded (checkpoint-codec.ts) and deflated. */
export interface StoredCheckpoint {
  tick: number;
  bytes: Uint8Array;
}

/** A kept checkpoint: its bytes stay encoded only until zlib, off the engine's thread, has deflated them. */
interface Kept extends StoredCheckpoint {
  deflated: boolean;
}

export interface CheckpointPolicy {
  /** Engine work between two checkpoints at least, ms: what a jump replays at most. */
  minWorkMs: number;
  /** And at least this many times what the last checkpoint cost, so taking them stays a small share of the run. */
  costFactor: number;
  /** Memory the checkpoints may hold; past it every other one goes and they are taken half as often. */
  maxBytes: number;
}

export const defaultCheckpointPolicy: CheckpointPolicy = {
  minWorkMs: 200,
  costFactor: 3,
  maxBytes: 384 * 1024 * 1024,
};

/**
 * The run's checkpoints, oldest first, taken by engine work (not simulated time): a jump back
 * restores the nearest one before it and replays less than the work between two, whatever the
 * host size or the phase of the run (a boot storm costs far more per tick than a steady hour).
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
    this.spacingMs = this.policy.minWorkMs;
  }

  /** Counts `elapsedMs` of engine work and takes a checkpoint of `engine` once enough was done. */
  observe(engine: Engine, elapsedMs: number): void {
    this.workMs += elapsedMs;
    const wanted = Math.max(this.spacingMs, this.policy.costFactor * this.costMs);
    if (this.workMs >= wanted) this.take(engine);
  }

  /**
   * The newest checkpoint at or before `engine`'s tick, taken now when there is none or when
   * replaying from the newest would cost more than `maxReplayMs` of engine work (a saved session
   * then opens without that replay).
   */
  newestFor(engine: Engine, maxReplayMs: number): StoredCheckpoint {
    const newest = this.nearest(engine.tick);
    if (newest === null || (newest.tick < engine.tick && this.workMs > maxReplayMs)) this.take(engine);
    const kept = this.nearest(engine.tick)!;
    if (!kept.deflated) this.settle(kept, deflateRawSync(kept.bytes, { level: 1 }));
    return { tick: kept.tick, bytes: kept.bytes };
  }

  /**
   * Takes a checkpoint of `engine` now (replacing one at the same tick). Only the snapshot and its
   * encoding hold up the engine; zlib deflates it on its own thread.
   */
  take(engine: Engine): void {
    const t0 = this.now();
    const encoded = encodeCheckpoint(engine.snapshot());
    const cost = this.now() - t0;
    this.costMs = this.costMs === 0 ? cost : (this.costMs + cost) / 2;
    this.workMs = 0;
    this.dropAfter(engine.tick - 1);
    const kept: Kept = { tick: engine.tick, bytes: encoded, deflated: false };
    this.list.push(kept);
    this.bytes += encoded.byteLength;
    deflateRaw(encoded, { level: 1 }, (error, deflated) => {
      // A checkpoint dropped meanwhile, or one deflated already (a save), is left alone.
      if (error === null && !kept.deflated && this.list.includes(kept)) this.settle(kept, deflated);
    });
    if (this.bytes > this.policy.maxBytes) this.thin();
  }

  private settle(kept: Kept, deflated: Uint8Array): void {
    this.bytes += deflated.byteLength - kept.bytes.byteLength;
    kept.bytes = deflated;
    kept.deflated = true;
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
    const keep = this.list.filter((c) => c.tick <= tick);
    if (keep.length === this.list.length) return;
    this.list = keep;
    this.bytes = keep.reduce((n, c) => n + c.bytes.byteLength, 0);
  }

  /**
   * Deflated checkpoints before `tick`, oldest first, spread evenly over the run and together at
   * most `budgetBytes` (what a session file keeps besides its newest).
   */
  earlierThan(tick: number, budgetBytes: number): StoredCheckpoint[] {
    const ready = this.list.filter((c) => c.tick < tick && c.deflated);
    const total = ready.reduce((n, c) => n + c.bytes.byteLength, 0);
    const every = Math.max(1, Math.ceil(total / Math.max(1, budgetBytes)));
    const picked = ready.filter((_, i) => (ready.length - 1 - i) % every === 0);
    const out: StoredCheckpoint[] = [];
    let used = 0;
    for (const c of picked.reverse()) {
      if (used + c.bytes.byteLength > budgetBytes) break;
      used += c.bytes.byteLength;
      out.unshift({ tick: c.tick, bytes: c.bytes });
    }
    return out;
  }

  /** Keeps a checkpoint that came from elsewhere (a saved session), in tick order. */
  adopt(checkpoint: StoredCheckpoint): void {
    this.dropAfter(checkpoint.tick - 1);
    this.list.push({ ...checkpoint, deflated: true });
    this.bytes += checkpoint.bytes.byteLength;
  }

  /** The engine of `checkpoint` (throws SessionError when its bytes do not restore). */
  restore(checkpoint: StoredCheckpoint, scenario: Scenario): Engine {
    if ('deflated' in checkpoint && checkpoint.deflated === false)
      return restoreCheckpoint(checkpoint.bytes, scenario, checkpoint.tick);
    let bytes: Buffer;
    try {
      bytes = inflateRawSync(checkpoint.bytes);
    } catch (error) {
      throw new SessionError('corrupt', `The checkpoint is damaged: ${(error as Error).message}.`);
    }
    // Small buffers come from Node's shared pool: only one that owns its memory may be adopted.
    const owns = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;
    return restoreCheckpoint(bytes, scenario, checkpoint.tick, owns);
  }

  private thin(): void {
    const newest = this.list.length - 1;
    this.list = this.list.filter((_, i) => i % 2 === newest % 2);
    this.bytes = this.list.reduce((n, c) => n + c.bytes.byteLength, 0);
    this.spacingMs *= 2;
  }
}
