import type { LabState } from '../../../core/lab-api/lab-api-contract';
import type { EngineRun } from './engine-run';
import { LabError } from './lab-error';
import type { LabTasks, SessionLoads } from './session-loads';
import type { TimeTravelView } from './time-travel-view';

/**
 * The lab's time travel as its clients ask for it: a past tick shown, the newest state again, the
 * tick shown made the run. Each runs after the lab's earlier exclusive tasks and answers with the
 * lab's state (a jump and the return to the newest state do not wait for a save in progress,
 * which only reads the run); TimeTravelView records which moment is shown.
 */
export class TimeTravelCommands {
  constructor(
    private readonly run: EngineRun,
    private readonly view: TimeTravelView,
    private readonly loads: SessionLoads,
    private readonly lab: LabTasks,
  ) {}

  /** See LabRuntime.viewAt. */
  viewAt(tick: number): Promise<LabState> {
    this.run.assertNotLoading('go back in time');
    return this.lab.exclusive(async () => {
      const session = this.loads.requireSession();
      if (tick > session.tick)
        throw new LabError(
          'refused',
          `Tick ${tick} has not been simulated yet: the run is at tick ${session.tick}.`,
        );
      await this.view.travel({ type: 'seek', tick });
      return this.lab.state();
    }, 'view');
  }

  /** See LabRuntime.returnToHead. */
  returnToHead(): Promise<LabState> {
    return this.lab.exclusive(async () => {
      await this.view.travel({ type: 'head' });
      return this.lab.state();
    }, 'view');
  }

  /** See LabRuntime.branchFromView. */
  branchFromView(): Promise<LabState> {
    return this.lab.exclusive(async () => {
      await this.view.branch(this.loads.requireSession());
      this.lab.announceMeta();
      return this.lab.state();
    });
  }
}
