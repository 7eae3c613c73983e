import type { LabState } from '../../../core/lab-api/lab-api-contract';
import type { SessionController } from '../session/session-controller';
import type { EngineRun } from './engine-run';
import { LabError } from './lab-error';

/**
 * The lab's state as its clients see it: the session, the engine's latest counters and the
 * moment shown (`viewTick`, null at the head). Refused ('busy') while the engine is still loading
 * the session.
 */
export function labState(session: SessionController, run: EngineRun, viewTick: number | null): LabState {
  const status = run.status;
  const latest = run.latest;
  if (latest === null) throw new LabError('busy', 'the engine is still loading the session');
  return {
    session: session.meta(),
    scenario: session.scenario,
    tick: session.tick,
    endTick: status?.endTick ?? 0,
    timeS: (session.tick * session.scenario.tickMs) / 1000,
    running: latest.running,
    speed: status?.speed ?? null,
    interventions: [...session.interventions],
    host: latest.host,
    vms: latest.vms,
    uiState: session.uiState,
    ...(viewTick === null ? {} : { viewTick }),
    ...(status?.fillingGaps === true ? { preparingJumps: true } : {}),
  };
}
