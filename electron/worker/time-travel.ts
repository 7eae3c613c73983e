import { createEngine } from '../../core/engine/create-engine';
import { stateDigest } from '../../core/engine/state-digest';
import type { Engine } from '../../core/engine/engine-types';
import type { RecordedIntervention } from '../../core/scenario/event-schema';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { replayInterventions } from '../../core/trace/replay';
import { isSessionError } from '../../core/session/session-error';
import {
  CheckpointStore,
  defaultCheckpointPolicy,
  type CheckpointPolicy,
  type Kept,
} from './checkpoint-store';
import { CommandError } from './command-error';

/** Ticks a jump replays between two looks at the clock. */
const replayStepTicks = 5;
/** A jump's replay leaves a checkpoint only this many ticks after the nearest one before it. */
const minRecordTicks = 10;

/** The run's newest state while a past tick is shown: a pinned checkpoint, and what is asked of it meanwhile. */
interface Head {
  kept: Kept;
  tick: number;
  scenario: Scenario;
  interventions: readonly RecordedIntervention[];
  digest: string;
}

/** A checkpoint that does not restore, or does not belong to this run (a tampered file). */
function isCheckpointFailure(error: unknown): boolean {
  return isSessionError(error) || (error instanceof Error && /checkpoint|intervention/.test(error.message));
}

/**
 * Going back in the run in the run's own engine: the first jump keeps the head (the newest state)
 * as a pinned checkpoint, a version of its world that copies only the blocks changed since the
 * last checkpoint; then every jump restores the nearest checkpoint before its tick into the
 * engine shown, rewriting only the blocks where the two differ, and replays the recorded
 * interventions from there. Returning to the head restores the pinned checkpoint the same way,
 * and going on from a past tick (a branch) drops it with the checkpoints after that tick. So
 * there is one engine, whatever the jumps: on a 256 GiB host a second one would be half a GiB.
 */
export class TimeTravel {
  readonly checkpoints: CheckpointStore;
  private head: Head | null = null;
  /**
   * The engine shown holds its tick exactly. False while a jump writes into it: after a jump that
   * failed half-way it is not replayed forward, only rewritten from a checkpoint (each of its
   * page arrays still matches its own record of what it holds, so rewriting it is safe).
   */
  private shownIntact = true;
  /** Checkpoints that would not restore and were skipped (an earlier one, or tick 0, instead). */
  fallbacks = 0;

  constructor(
    private readonly now: () => number,
    policy: CheckpointPolicy = defaultCheckpointPolicy,
  ) {
    this.checkpoints = new CheckpointStore(now, policy);
  }

  /** A past tick is shown (the head waits as a checkpoint). */
  get viewing(): boolean {
    return this.head !== null;
  }

  /** The head's tick while a past tick is shown, else null. */
  get headTick(): number | null {
    return this.head?.tick ?? null;
  }

  /** The run's interventions while a past tick is shown (the engine shown holds only those up to it), else null. */
  get headInterventions(): readonly RecordedIntervention[] | null {
    return this.head?.interventions ?? null;
  }

  /** The head's state digest (core/engine/state-digest.ts) while a past tick is shown, else null. */
  get headDigest(): string | null {
    return this.head?.digest ?? null;
  }

  /** A new run: no head to return to, no checkpoints. */
  reset(): void {
    this.head = null;
    this.shownIntact = true;
    this.checkpoints.clear();
  }

  /**
   * While the run waits at its head (ended or paused), a checkpoint of `head` at its tick unless
   * one is there: a first jump back then pins the head without copying what changed since the
   * last checkpoint (tens of MiB on a large host, and often a garbage collection of every
   * checkpoint's blocks with it), so that jump costs only its own restore and replay.
   * True when one was taken.
   */
  prepare(head: Engine): boolean {
    if (this.head !== null || this.checkpoints.nearest(head.tick)?.tick === head.tick) return false;
    this.checkpoints.take(head);
    return true;
  }

  /**
   * The engine at `tick` of the run, `current` being the engine shown now (the head when no
   * past tick is shown): `current` is given up (it must not be used afterwards) and its page
   * arrays hold the returned engine's state. `tick` is the head's own tick: the head. Refuses a
   * tick outside the run so far, leaving everything as it was.
   */
  seek(current: Engine, tick: number): Engine {
    const headTick = this.head?.tick ?? current.tick;
    if (!Number.isInteger(tick) || tick < 0 || tick > headTick)
      throw new CommandError(
        'refused',
        `Tick ${tick} is outside the run so far: choose a tick from 0 to ${headTick}.`,
      );
    if (this.head === null) {
      if (tick === current.tick) return current;
      this.head = {
        kept: this.checkpoints.pinHead(current),
        tick: current.tick,
        scenario: current.scenario,
        interventions: current.interventions().slice(),
        digest: stateDigest(current),
      };
      this.shownIntact = true;
    }
    if (tick === headTick) return this.returnToHead(current)!;
    const intact = this.shownIntact;
    this.shownIntact = false;
    const shown = this.past(current, intact, tick, this.head);
    this.shownIntact = true;
    return shown;
  }

  /**
   * `tick` in `current`'s arrays: `current` replayed forward when it is intact, before `tick`
   * and nearer than any checkpoint; else the nearest checkpoint that restores, replayed. A
   * damaged one (from a file) is forgotten and the next one before it tried, down to tick 0.
   */
  private past(current: Engine, intact: boolean, tick: number, head: Head): Engine {
    let into = current;
    let builtTickZero = false;
    for (;;) {
      const checkpoint = this.checkpoints.nearest(tick);
      if (intact && into === current && current.tick <= tick && current.tick >= (checkpoint?.tick ?? 0))
        return this.replay(current, head, tick);
      if (checkpoint === null) {
        if (builtTickZero) break;
        // None before `tick` (a session opened from a file without its early checkpoints, or
        // damaged ones): tick 0 becomes one, taken from a new engine dropped at once (before its
        // first tick it has written few of its pages, so it costs little memory).
        builtTickZero = true;
        this.checkpoints.record(createEngine(head.scenario));
        continue;
      }
      try {
        into = this.checkpoints.restore(checkpoint, head.scenario, into);
        return this.replay(into, head, tick);
      } catch (error) {
        if (!isCheckpointFailure(error)) throw error;
        intact = false;
        this.fallbacks++;
        this.checkpoints.forget(checkpoint);
      }
    }
    // Tick 0 could not be kept either (an engine without a world to version: a test double).
    return this.replay(createEngine(head.scenario), head, tick);
  }

  /**
   * `engine` moved on quietly to `tick` with the head's interventions, in steps of a few ticks:
   * where no checkpoint is near, it leaves some on its way (a stretch replayed once, e.g. after
   * opening a session whose file could not hold them, is quick to go back to).
   */
  private replay(engine: Engine, head: Head, tick: number): Engine {
    let workMs = 0;
    replayInterventions(engine, head.interventions, tick, (t) => {
      while (engine.tick < t) {
        const t0 = this.now();
        engine.runUntil(Math.min(t, engine.tick + replayStepTicks));
        // The head's trace holds these lines already.
        engine.drainLog();
        workMs += this.now() - t0;
        // Twice the spacing: only where the run's own checkpoints are missing (a checkpoint costs
        // the jump its copy, and memory the run's checkpoints then have less of).
        if (workMs >= 2 * this.checkpoints.spacing && engine.tick < tick) {
          const nearest = this.checkpoints.nearest(engine.tick);
          if (nearest === null || engine.tick - nearest.tick >= minRecordTicks)
            this.checkpoints.record(engine, workMs);
          workMs = 0;
        }
      }
    });
    engine.drainLog();
    return engine;
  }

  /**
   * Back to the head, restored into `shown` (the engine of the past tick, given up) exactly as it
   * was: tick, interventions, pending log lines, PRNG, policy state and pages. Null when no past
   * tick is shown. When it does not restore the head stays pinned and the error is thrown.
   */
  returnToHead(shown: Engine): Engine | null {
    const head = this.head;
    if (head === null) return null;
    let engine: Engine;
    try {
      engine = this.checkpoints.restore(head.kept, head.scenario, shown);
    } catch {
      // Not expected of a version in memory; a new engine holds the head all the same.
      engine = this.checkpoints.restore(head.kept, head.scenario, null);
    }
    this.head = null;
    this.shownIntact = true;
    this.checkpoints.unpin();
    return engine;
  }

  /** The engine shown (at `tick`) becomes the run: the head and the checkpoints after `tick` go. */
  branch(tick: number): void {
    this.head = null;
    this.checkpoints.dropAfter(tick);
    this.checkpoints.unpin();
  }
}
