import { createEngine } from '../../core/engine/create-engine';
import type { Engine } from '../../core/engine/engine-types';
import { replayInterventions } from '../../core/trace/replay';
import { isSessionError } from '../../core/session/session-error';
import { CheckpointStore, defaultCheckpointPolicy, type CheckpointPolicy } from './checkpoint-store';
import { CommandError } from './command-error';

/** Ticks a jump replays between two looks at the clock. */
const replayStepTicks = 5;
/** A jump's replay leaves a checkpoint only this many ticks after the nearest one before it. */
const minRecordTicks = 10;

/**
 * Going back in the run: the head (the newest state of the run) stays untouched while an engine
 * rebuilt from the nearest checkpoint shows a past tick, so returning to the head costs nothing
 * and going on from the past (a branch) simply drops the head and the checkpoints after it.
 */
export class TimeTravel {
  readonly checkpoints: CheckpointStore;
  private headEngine: Engine | null = null;
  /**
   * An engine no longer shown (the last past tick, or a head dropped by a branch), kept so the
   * next jump rewrites its page arrays instead of allocating new ones (on a 256 GiB host that is
   * half a GiB of page faults).
   */
  private spare: Engine | null = null;
  /** Checkpoints that would not restore and were replayed from tick 0 instead. */
  fallbacks = 0;

  constructor(
    private readonly now: () => number,
    policy: CheckpointPolicy = defaultCheckpointPolicy,
  ) {
    this.checkpoints = new CheckpointStore(now, policy);
  }

  /** A past tick is shown (the head waits). */
  get viewing(): boolean {
    return this.headEngine !== null;
  }

  /** The head while a past tick is shown, else null. */
  get head(): Engine | null {
    return this.headEngine;
  }

  /** A new run: no head to return to, no checkpoints. */
  reset(): void {
    this.headEngine = null;
    this.spare = null;
    this.checkpoints.clear();
  }

  /**
   * The engine at `tick` of the run whose newest engine is the head (or `current` when no past
   * tick is shown): restored from the nearest checkpoint before it (or the engine shown now,
   * when that is nearer) and replayed there with the run's interventions, quietly. `tick` is the
   * head's own tick: the head. Refuses a tick outside the run so far.
   */
  seek(current: Engine, tick: number): Engine {
    const head = this.headEngine ?? current;
    if (!Number.isInteger(tick) || tick < 0 || tick > head.tick)
      throw new CommandError(
        'refused',
        `Tick ${tick} is outside the run so far: choose a tick from 0 to ${head.tick}.`,
      );
    if (tick === head.tick) {
      if (current !== head) this.spare = current;
      this.headEngine = null;
      return head;
    }
    const checkpoint = this.checkpoints.nearest(tick);
    const reuse =
      current !== head && current.tick <= tick && current.tick >= (checkpoint?.tick ?? 0) ? current : null;
    let view: Engine | null = null;
    if (reuse !== null) view = this.replay(reuse, head, tick);
    else if (checkpoint !== null) {
      // The engine shown now (or the spare) is given up: the checkpoint is written into its arrays.
      const into = current !== head ? current : this.spare;
      this.spare = null;
      try {
        view = this.replay(this.checkpoints.restore(checkpoint, head.scenario, into), head, tick);
      } catch (error) {
        // A damaged checkpoint, or one that is not this run's (a tampered file): replayed from tick 0.
        if (
          !isSessionError(error) &&
          !(error instanceof Error && /checkpoint|intervention/.test(error.message))
        )
          throw error;
        this.fallbacks++;
      }
    }
    view ??= this.replay(createEngine(head.scenario), head, tick);
    this.headEngine = head;
    return view;
  }

  /**
   * `engine` moved on quietly to `tick` with the head's interventions, in steps of a few ticks:
   * where no checkpoint is near, it leaves some on its way (a stretch replayed once, e.g. after
   * opening a session whose file could not hold them, is quick to go back to).
   */
  private replay(engine: Engine, head: Engine, tick: number): Engine {
    let workMs = 0;
    replayInterventions(engine, head.interventions(), tick, (t) => {
      while (engine.tick < t) {
        const t0 = this.now();
        engine.runUntil(Math.min(t, engine.tick + replayStepTicks));
        // The head's trace holds these lines already.
        engine.drainLog();
        workMs += this.now() - t0;
        if (workMs >= this.checkpoints.spacing && engine.tick < tick) {
          const nearest = this.checkpoints.nearest(engine.tick);
          if (nearest === null || engine.tick - nearest.tick >= minRecordTicks)
            this.checkpoints.record(engine);
          workMs = 0;
        }
      }
    });
    engine.drainLog();
    return engine;
  }

  /** Back to the head (`shown`, the engine of the past tick, is kept for the next jump); null when none was waiting. */
  returnToHead(shown: Engine | null = null): Engine | null {
    const head = this.headEngine;
    if (head !== null && shown !== null && shown !== head) this.spare = shown;
    this.headEngine = null;
    return head;
  }

  /** The engine shown now becomes the run: the head and the checkpoints after `tick` go. */
  branch(tick: number): void {
    this.spare = this.headEngine;
    this.headEngine = null;
    this.checkpoints.dropAfter(tick);
  }
}
