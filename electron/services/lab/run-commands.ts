import type { LabState } from '../../../core/lab-api/lab-api-contract';
import type { Intervention } from '../../../core/scenario/event-schema';
import type { WorkerCommand } from '../../worker/worker-protocol';
import { assertInterventionFits } from '../engine/run-guards';
import type { EngineRun } from './engine-run';
import { LabError } from './lab-error';
import type { LabTasks, SessionLoads } from './session-loads';
import type { TimeTravelView } from './time-travel-view';

/** The run commands clients send (loads and steps have methods of their own). */
export type RunCommand = Extract<
  WorkerCommand,
  { type: 'play' | 'pause' | 'runToEnd' | 'cancelRun' | 'setSpeed' }
>;

/**
 * What moves the session's run on: run commands, steps and interventions. What would move it is
 * refused while a replay is in progress or a past tick is shown, and the session follows the
 * engine's tick only when the engine holds the session's run (SessionLoads.holdsSession).
 */
export class RunCommands {
  constructor(
    private readonly run: EngineRun,
    private readonly view: TimeTravelView,
    private readonly loads: SessionLoads,
    private readonly lab: LabTasks,
  ) {}

  /** See LabRuntime.control. */
  async control(command: RunCommand): Promise<LabState> {
    if (command.type === 'play' || command.type === 'runToEnd') {
      this.run.assertNotLoading('run');
      this.view.assertAtHead('run');
    }
    const result = await this.run.request(command);
    // A replay moves the engine through ticks the session has passed already.
    if (!this.run.loading && !this.loads.replacing) this.loads.requireSession().tick = result.status.headTick;
    this.lab.announceMeta();
    return this.lab.state();
  }

  /** See LabRuntime.step. */
  step(ticks: number): Promise<LabState> {
    this.run.assertNotLoading('step');
    this.view.assertAtHead('step');
    return this.lab.exclusive(async () => {
      const result = await this.run.step(ticks);
      this.loads.requireSession().tick = result.status.tick;
      this.lab.announceMeta();
      return this.lab.state();
    });
  }

  /** See LabRuntime.applyIntervention. */
  async applyIntervention(intervention: Intervention): Promise<LabState> {
    const session = this.loads.requireSession();
    this.run.assertNotLoading('change');
    // In the gap before a replacing load reaches the engine the change would go to the old run but be recorded in the new session.
    if (!this.loads.holdsSession)
      throw new LabError(
        'busy',
        'A session is being opened or started, so the change cannot be made yet. Try again in a moment.',
      );
    this.view.assertAtHead('change');
    assertInterventionFits(session, intervention);
    const result = await this.run.request({ type: 'apply', intervention });
    session.tick = result.status.tick;
    if (result.recorded !== undefined) session.record(result.recorded);
    this.lab.announceMeta();
    return this.lab.state();
  }
}
