import type { Engine } from '../../core/engine/engine-types';
import type { WorldVersion } from '../../core/engine/world-version';
import type { Scenario } from '../../core/scenario/scenario-schema';
import type { CheckpointFiles } from './checkpoint-file';
import { yieldToEngine } from './checkpoint-file-compress';
import type { CheckpointStore } from './checkpoint-store';
import type { TimeTravel } from './time-travel';
import type { WorkerReplyResult } from './worker-protocol';

/** A saved session replays at most this much engine work from its checkpoint when opened. */
const saveReplayMs = 50;
/** Earlier checkpoints a saved session keeps, bytes (deflated): for going back in time after opening it. */
const savedEarlierBytes = 4 * 1024 * 1024;

/** The checkpoints a checkpoint command answers with (its reply less the status). */
export type SavedCheckpoints = Pick<WorkerReplyResult, 'store' | 'checkpoint' | 'earlier'>;

/**
 * The checkpoint command: what of the run's checkpoints a session file keeps. Only the blocks
 * changed since the last save are compressed (CheckpointFiles), off the engine's thread.
 */
export class CheckpointSave {
  /** A save is collecting checkpoints (the gaps are not filled meanwhile). */
  saving = false;

  constructor(
    private readonly travel: TimeTravel,
    private readonly files: CheckpointFiles,
  ) {}

  /**
   * The newest checkpoint at or before the head of `engine`'s run (taken now when there is none)
   * and earlier ones as a session file keeps them; at or before `maxTick` when the run went on
   * since that tick.
   */
  async collect(
    engine: Engine,
    budgetBytes = savedEarlierBytes,
    maxTick = Infinity,
  ): Promise<SavedCheckpoints> {
    const store = this.travel.checkpoints;
    const headTick = this.travel.headTick;
    // While a past tick is shown the head is the checkpoint pinned at its tick (time-travel.ts).
    const newest =
      headTick !== null
        ? store.nearest(headTick)!
        : engine.tick <= maxTick
          ? store.newestKept(engine, saveReplayMs)
          : store.nearest(maxTick);
    let version: WorldVersion | null = null;
    try {
      if (newest !== null && (newest.version !== null || newest.lazy !== undefined))
        version = store.versionOf(newest, engine.scenario);
    } catch {
      // One from a file that does not open: a file is saved without it.
    }
    if (version !== null) {
      this.saving = true;
      try {
        await buildUpTo(store, newest!.tick, engine.scenario);
        return {
          store: await this.files.save(versionsUpTo(store, newest!.tick, engine.scenario), budgetBytes),
        };
      } finally {
        this.saving = false;
      }
    }
    // An engine without versions (a test double): the older layout.
    const file = newest?.file ? store.fileAt(newest.tick) : null;
    if (file === null) return {};
    const earlier = store.earlierThan(file.tick, savedEarlierBytes, file.bytes.byteLength);
    return { checkpoint: file, earlier };
  }
}

/** The checkpoints `store` keeps up to `tick` that a file can hold (built now if need be), oldest first. */
export function versionsUpTo(
  store: CheckpointStore,
  tick: number,
  scenario: Scenario,
): { tick: number; version: WorldVersion }[] {
  const out: { tick: number; version: WorldVersion }[] = [];
  for (const t of store.ticks) {
    if (t > tick) break;
    const c = store.nearest(t)!;
    if (c.version === null && c.lazy === undefined) continue;
    try {
      out.push({
        tick: c.tick,
        version: store.versionOf(c, scenario),
        ...(c.workMs !== undefined ? { workMs: c.workMs } : {}),
      });
    } catch {
      // One that does not open (a damaged file) is left out; a jump there replays instead.
    }
  }
  return out;
}

/**
 * Builds the checkpoints up to `tick` still to be built from an opened file, newest first (as the
 * file's own warm-up does), one per turn of the event loop: a save soon after opening (the
 * autosave of the session just opened) built them all at once, and a jump meanwhile waited
 * about 2 s for them on an hour of datacenter-2x. One that does not build is left out, as
 * {@link versionsUpTo} leaves it.
 */
async function buildUpTo(store: CheckpointStore, tick: number, scenario: Scenario): Promise<void> {
  for (const t of store.ticks.filter((at) => at <= tick).reverse()) {
    const c = store.nearest(t);
    if (c === null || c.tick !== t || c.version !== null || c.lazy === undefined) continue;
    await yieldToEngine();
    if (c.version !== null || c.lazy === undefined) continue;
    try {
      store.versionOf(c, scenario);
    } catch {
      // Left out of the file.
    }
  }
}
