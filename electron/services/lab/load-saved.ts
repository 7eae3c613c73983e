import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type { WorkerReplyResult } from '../../worker/worker-protocol';
import { WorkerCommandError } from '../engine/engine-client';
import type { EngineSupervisor } from '../engine/engine-supervisor';
import { storeFileLocationOf } from '../session/file-origins';
import type { OpenedTrace } from '../session/session-trace';

/** A run to load: its scenario and interventions, replayed to `tick`. */
export interface RunToLoad {
  scenario: Scenario;
  interventions: readonly RecordedIntervention[];
  tick: number;
}

/**
 * The engine's load of `run`, from the saved checkpoints when there are: read by the engine
 * process from the session file when it can (session/file-origins.ts), else sent to it.
 */
export async function loadSaved(
  engine: EngineSupervisor,
  run: RunToLoad,
  saved: OpenedTrace | undefined,
): Promise<WorkerReplyResult> {
  const load = (from: Parameters<EngineSupervisor['load']>[4]): Promise<WorkerReplyResult> =>
    engine.load(run.scenario, run.interventions, run.tick, saved === undefined, from);
  if (saved?.store === undefined)
    return load({
      ...(saved?.checkpoint === undefined ? {} : { checkpoint: saved.checkpoint }),
      ...(saved?.earlier === undefined ? {} : { earlier: saved.earlier }),
    });
  const storeAt = storeFileLocationOf(saved.store);
  if (storeAt !== null) {
    try {
      return await load({ storeAt });
    } catch (error) {
      // Not readable there (a file replaced since, a process that may not read it): sent instead.
      if (!(error instanceof WorkerCommandError && error.code === 'unreadable')) throw error;
    }
  }
  return load({ store: saved.store });
}
