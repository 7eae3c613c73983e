import type { Engine } from '../engine/engine-types';
import type { RecordedIntervention } from '../scenario/event-schema';

/**
 * A replay of recorded interventions (see replay.ts) taken one stop at a time, so a caller can
 * spread a long one over many slices and give up between two: the engine moves to the next
 * recorded intervention, which is applied there, and finally to the replay's last tick.
 * Interventions of one tick are applied in the order recorded; those after `tick` are not.
 */
export class ReplayCursor {
  private readonly ordered: RecordedIntervention[];
  private next = 0;
  private finished = false;

  constructor(
    private readonly engine: Engine,
    interventions: readonly RecordedIntervention[],
    private readonly tick: number,
  ) {
    if (engine.tick !== 0) throw new Error(`a replay starts from tick 0, not from tick ${engine.tick}`);
    this.ordered = interventions
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.tick - b.r.tick || a.i - b.i)
      .filter(({ r }) => r.tick <= tick)
      .map(({ r }) => r);
  }

  /** The replay has reached its last tick with every intervention applied. */
  get done(): boolean {
    return this.finished;
  }

  /**
   * One move of the replay: `advanceTo` takes the engine toward the next stop (it may stop
   * short, at a time limit, but must move: a call that leaves the engine where it was throws);
   * at the stop the intervention due there is applied. Returns true once the replay is complete.
   * Throws when an intervention lies past the end of the run.
   */
  step(advanceTo: (tick: number) => void): boolean {
    if (this.finished) return true;
    const engine = this.engine;
    const due = this.ordered[this.next];
    const stop = due?.tick ?? this.tick;
    if (engine.tick < Math.min(stop, engine.endTick)) {
      const from = engine.tick;
      advanceTo(stop);
      if (engine.tick < Math.min(stop, engine.endTick)) {
        if (engine.tick === from) throw new Error(`the replay did not move from tick ${from}`);
        return false;
      }
    }
    if (due === undefined) {
      this.finished = true;
      return true;
    }
    if (engine.tick !== due.tick)
      throw new Error(`intervention at tick ${due.tick} is past the end of the run (${engine.endTick})`);
    engine.apply(due.intervention);
    this.next++;
    return false;
  }
}
