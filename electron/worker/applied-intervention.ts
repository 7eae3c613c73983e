import type { Engine } from '../../core/engine/engine-types';
import type { Intervention, RecordedIntervention } from '../../core/scenario/event-schema';
import { CommandError } from './command-error';

/**
 * Applies `intervention` to `engine` now and returns it as the engine recorded it. One the engine
 * refuses is refused as CommandError 'refused' with the engine's message.
 */
export function appliedIntervention(engine: Engine, intervention: Intervention): RecordedIntervention {
  const before = engine.interventions().length;
  try {
    engine.apply(intervention);
  } catch (error) {
    throw new CommandError('refused', error instanceof Error ? error.message : String(error));
  }
  return engine.interventions()[before] ?? { tick: engine.tick, intervention };
}
