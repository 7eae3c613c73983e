import type { Engine } from '../../core/engine/engine-types';
import type { RecordedIntervention } from '../../core/scenario/event-schema';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { ReplayCursor } from '../../core/trace/replay-cursor';
import type { CheckpointStore, Kept } from './checkpoint-store';
import { jobSliceMs } from './job-queue';

/** Ticks replayed between two looks at the clock. */
const stepTicks = 5;
/** Quiet time after the last command before gaps are filled, ms. */
const quietMs = 250;

/** What the filler replays for: the run's scenario and its interventions. */
export interface GapRun {
  scenario: Scenario;
  interventions: readonly RecordedIntervention[];
  /** The tick shown: the gap around it is filled first. */
  shownTick: number;
}

interface Segment {
  from: Kept;
  to: Kept;
  engine: Engine;
  cursor: ReplayCursor;
  workMs: number;
}

/**
 * Fills the gaps between checkpoints no run measured (those of an opened session file: a file
 * holds a few dozen, a large host's hundreds of ticks apart) with checkpoints as close as the
 * run's own, by replaying each gap in an engine of its own while the lab waits, a few
 * milliseconds at a time. A jump anywhere then replays as little as in the run that was saved
 * (under 300 ms on datacenter-2x, against about a second between a file's checkpoints).
 * Whatever changes the run or the checkpoints stops it ({@link stop}); it starts again from
 * the last checkpoint it left in that gap.
 */
export class GapFiller {
  private segment: Segment | null = null;
  /** The engine gaps are replayed in (restored into for each, so allocated once). */
  private scratch: Engine | null = null;
  /** Some gap was filled since {@link takeFilled} last looked. */
  private filled = false;

  private handle: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;

  /**
   * `context` says what to fill for (null: nothing, no engine) and whether the engine is busy
   * (a run, a save, a job: filling waits); `onFilled` runs once the last gap is filled.
   */
  constructor(
    private readonly store: CheckpointStore,
    private readonly now: () => number,
    private readonly context: () => { run: GapRun; busy: boolean } | null = () => null,
    private readonly onFilled: () => void = () => undefined,
  ) {}

  /**
   * Fills the gaps once nothing happened for a moment, a slice at a time with the engine's
   * commands in between; waits while the engine is busy, and while the file's earlier
   * checkpoints are still being built (more gaps come).
   */
  later(): void {
    this.cancel();
    this.handle = setTimeout(() => this.slice(), quietMs);
  }

  private cancel(): void {
    if (this.handle !== null) {
      clearTimeout(this.handle as ReturnType<typeof setTimeout>);
      clearImmediate(this.handle as ReturnType<typeof setImmediate>);
    }
    this.handle = null;
  }

  private slice(): void {
    this.handle = null;
    const context = this.context();
    if (context === null) return;
    // The file's earlier checkpoints are built first: each costs tens of ms once the next newer
    // one is built, and a jump to one not built yet builds it from its chains of deltas instead
    // (up to a second on datacenter-2x), which the slices of replay in between held back.
    if (context.busy || this.store.building) return this.later();
    if (this.work(context.run, this.now() + jobSliceMs)) this.handle = setImmediate(() => this.slice());
    else if (this.takeFilled()) this.onFilled();
  }

  /** Whether some gap was filled since the last call. */
  private takeFilled(): boolean {
    const filled = this.filled;
    this.filled = false;
    return filled;
  }

  /** Gives up the gap being filled (its checkpoints so far stay) and the engine for them. */
  stop(): void {
    this.segment = null;
    this.scratch = null;
  }

  /**
   * Replays toward filling the next gap until `deadline` (this.now() time); false once no gap is
   * left to fill (the engine for them is given up then).
   */
  work(run: GapRun, deadline: number): boolean {
    for (;;) {
      const segment = this.segment ?? this.begin(run);
      if (segment === null) {
        this.scratch = null;
        return false;
      }
      this.segment = segment;
      if (this.advance(segment, deadline)) this.segment = null;
      if (this.now() >= deadline) return true;
    }
  }

  /** The next gap, the one nearest the tick shown, its engine at its first checkpoint; null when none is left. */
  private begin(run: GapRun): Segment | null {
    const gaps = this.store.unmeasuredGaps();
    if (gaps.length === 0) return null;
    const distance = (g: { from: Kept; to: Kept }): number =>
      run.shownTick < g.from.tick ? g.from.tick - run.shownTick : Math.max(0, run.shownTick - g.to.tick);
    const gap = gaps.reduce((best, g) => (distance(g) < distance(best) ? g : best));
    try {
      this.scratch = this.store.restore(gap.from, run.scenario, this.scratch);
      const cursor = new ReplayCursor(this.scratch, run.interventions, gap.to.tick);
      return { ...gap, engine: this.scratch, cursor, workMs: 0 };
    } catch {
      // A checkpoint that does not restore (a damaged file): its gap stays as it is.
      this.store.markMeasured(gap.to, Infinity);
      this.scratch = null;
      return this.begin(run);
    }
  }

  /** Replays `segment` until the deadline, a checkpoint every spacing of work; true once at its end. */
  private advance(segment: Segment, deadline: number): boolean {
    const { engine, cursor, to } = segment;
    try {
      const done = cursor.step((tick) => {
        while (engine.tick < tick) {
          const t0 = this.now();
          engine.runUntil(Math.min(tick, engine.tick + stepTicks));
          engine.drainLog();
          segment.workMs += this.now() - t0;
          if (segment.workMs >= this.store.spacing && engine.tick < to.tick) {
            this.store.record(engine, segment.workMs);
            segment.workMs = 0;
          }
          if (this.now() >= deadline) return;
        }
      });
      if (!done) return false;
    } catch {
      // An intervention that does not apply again (a file of another run): left as it is.
    }
    this.store.markMeasured(to, segment.workMs);
    this.filled = true;
    return true;
  }
}
