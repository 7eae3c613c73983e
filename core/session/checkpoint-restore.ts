import { restoreWorld } from '../engine/engine-snapshot';
import type { Engine } from '../engine/engine-types';
import { engineVersion } from '../engine/engine-version';
import { SimEngine } from '../engine/sim-engine';
import type { RecordedIntervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';
import { decodeCheckpoint } from './checkpoint-codec';
import { SessionError } from './session-error';

/** JSON with object keys sorted, so two equal scenarios compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * An engine continuing from the checkpoint `bytes` (checkpoint-codec.ts), which must be one of
 * `scenario`'s run under this engine version: throws SessionError 'corrupt' when the bytes are
 * damaged, 'invalid' when they belong to another engine version, scenario or a tick past `maxTick`,
 * so a caller can fall back to a replay. The decoded arrays are handed to the engine uncopied;
 * with `adopt` the raw ones are views of `bytes` (see decodeCheckpoint), which the caller gives up.
 */
export function restoreCheckpoint(
  bytes: Uint8Array,
  scenario: Scenario,
  maxTick: number,
  adopt = false,
): Engine {
  const snapshot = decodeCheckpoint(bytes, adopt);
  if (snapshot.engineVersion !== engineVersion)
    throw new SessionError(
      'invalid',
      `The checkpoint was made by engine ${snapshot.engineVersion.slice(0, 64)}; this is engine ${engineVersion}.`,
    );
  if (snapshot.tick > maxTick)
    throw new SessionError('invalid', `The checkpoint at tick ${snapshot.tick} is past tick ${maxTick}.`);
  if (canonical(snapshot.scenario) !== canonical(scenario))
    throw new SessionError('invalid', 'The checkpoint belongs to another scenario.');
  let engine: Engine;
  try {
    engine = new SimEngine(restoreWorld({ ...snapshot, scenario }, true));
  } catch (error) {
    throw new SessionError(
      'corrupt',
      `The checkpoint is damaged: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  if (engine.tick !== snapshot.tick)
    throw new SessionError('corrupt', 'The checkpoint is damaged: its tick.');
  return engine;
}

/**
 * Moves an engine restored from a checkpoint on to `tick` as the run went: the recorded
 * interventions it has not applied yet (those past the ones it holds) are applied at their
 * ticks, those at `tick` included, as a replay from tick 0 would (core/trace/replay.ts).
 * Throws when the engine's interventions are not the start of `interventions`.
 */
export function replayFromCheckpoint(
  engine: Engine,
  interventions: readonly RecordedIntervention[],
  tick: number,
  advanceTo: (tick: number) => void = (t) => engine.runUntil(t),
): void {
  const cursor = new CheckpointCursor(engine, interventions, tick);
  while (!cursor.step(advanceTo));
}

/**
 * {@link replayFromCheckpoint} taken one stop at a time, as ReplayCursor (core/trace/replay-cursor.ts)
 * does from tick 0, so the engine process can spread it over slices.
 */
export class CheckpointCursor {
  private readonly pending: RecordedIntervention[];
  private next = 0;
  private finished = false;

  constructor(
    private readonly engine: Engine,
    interventions: readonly RecordedIntervention[],
    private readonly tick: number,
  ) {
    const ordered = interventions.filter((r) => r.tick <= tick);
    const done = engine.interventions().length;
    for (let i = 0; i < Math.min(done, ordered.length); i++) {
      if (canonical(ordered[i]) !== canonical(engine.interventions()[i]))
        throw new Error(`the checkpoint's intervention ${i} is not the run's`);
    }
    this.pending = ordered.slice(done);
    if (this.pending.some((r) => r.tick < engine.tick))
      throw new Error('an intervention lies before the checkpoint it is replayed from');
  }

  get done(): boolean {
    return this.finished;
  }

  /** One move: toward the next intervention (applied there) or the last tick; true once complete. */
  step(advanceTo: (tick: number) => void): boolean {
    if (this.finished) return true;
    const engine = this.engine;
    const due = this.pending[this.next];
    const stop = Math.min(due?.tick ?? this.tick, engine.endTick);
    if (engine.tick < stop) {
      const from = engine.tick;
      advanceTo(stop);
      if (engine.tick < stop) {
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
