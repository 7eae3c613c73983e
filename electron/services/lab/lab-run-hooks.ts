import type { EngineRun, EngineRunHooks } from './engine-run';
import type { LabEventHub } from './lab-events';
import type { LabTasks, SessionLoads } from './session-loads';
import type { TimeTravelView } from './time-travel-view';

/** The lab's parts the engine's news reaches: made after the run (they hold it), before it reports. */
export interface LabRunParts {
  run: EngineRun;
  loads: SessionLoads;
  view: TimeTravelView;
}

/**
 * How the lab hears its engine run: the session follows the engine's tick while the engine holds
 * the session's run and the head is shown; a run that stopped by itself, a restarted engine process
 * and one given up on are news to every client; a restarted process replays the session.
 */
export function labRunHooks(events: LabEventHub, lab: LabTasks, parts: () => LabRunParts): EngineRunHooks {
  return {
    onTick: (tick, stopped) => {
      const { loads, view } = parts();
      const session = loads.session;
      if (session !== null && view.followsRun && loads.holdsSession) session.tick = tick;
      lab.announceMeta();
      // A run that stopped by itself (end reached) is news to every client.
      if (stopped && loads.session !== null) events.emit('stateChanged', lab.state());
    },
    onRestarted: (reason, tick) => {
      const { run, loads, view } = parts();
      // A new engine process holds the run at its head.
      view.reset();
      const session = loads.session;
      if (session !== null) session.tick = tick;
      events.emit('engineRestarted', { reason, tick });
      if (loads.session !== null && run.latest !== null) events.emit('stateChanged', lab.state());
    },
    onGaveUp: (reason) =>
      events.emit('notice', {
        level: 'error',
        message: `The engine stopped: ${reason}. The session is kept: save it, or open or start a session to try again.`,
      }),
    replayTarget: () => {
      const session = parts().loads.session;
      return session === null ? null : { scenario: session.scenario, interventions: session.interventions };
    },
  };
}
