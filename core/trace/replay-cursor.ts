import type { Engine } from '../engine/engine-types';
import type { RecordedIntervention } from '../scenario/event-schema';

/** JSON with object keys sorted, so two equal values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A replay of recorded interventions (see replay.ts) taken one stop at a time, so a caller can
 * spread a long one over many slices and give up between two: the engine moves to the next
 * recorded intervention, which is applied there, and finally to the replay's last tick.
 * Interventions of one tick are applied in the order recorded; those after `tick` are not.
 * The engine may start at tick 0 or be one restored from a checkpoint of the same run: then the
 * interventions it holds must be the first recorded ones, and the replay goes on with the rest.
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
    const ordered = interventions
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.tick - b.r.tick || a.i - b.i)
      .filter(({ r }) => r.tick <= tick)
      .map(({ r }) => r);
    if (engine.tick > tick)
      throw new Error(`the engine is at tick ${engine.tick}, past the replay's tick ${tick}`);
    const held = engine.interventions();
    for (let i = 0; i < held.length; i++) {
      if (i >= ordered.length || canonicalJson(ordered[i]) !== canonicalJson(held[i]))
        throw new Error(`the engine's intervention ${i} is not the run's`);
    }
    this.ordered = ordered.slice(held.length);
    if (this.ordered.some((r) => r.tick < engine.tick))
      throw new Error(`an intervention lies before tick ${engine.tick}, where the replay starts`);
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
