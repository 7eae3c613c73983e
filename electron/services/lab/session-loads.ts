import type { LabState } from '../../../core/lab-api/lab-api-contract';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type { SessionDocument } from '../../../core/session/session-schema';
import { assertRunFits } from '../engine/run-guards';
import { SessionController } from '../session/session-controller';
import type { OpenedTrace } from '../session/session-trace';
import type { EngineRun } from './engine-run';
import { checkReplayedDigest, savedTraceOf } from './lab-documents';
import { LabError } from './lab-error';
import type { LabEventHub } from './lab-events';
import type { LabHostOptions } from './lab-service-types';
import type { TaskLane } from './task-lanes';
import type { TimeTravelView } from './time-travel-view';

/** What the lab's parts need of LabRuntime: its queue of exclusive tasks and the state it reports. */
export interface LabTasks {
  /** Runs `task` after every earlier exclusive task (loads, saves, steps; a jump in time, `view`, not after saves). */
  exclusive<T>(task: () => Promise<T>, lane?: TaskLane): Promise<T>;
  /** Emits sessionChanged when name, location or the dirty flag changed (or `force`). */
  announceMeta(force?: boolean): void;
  state(): LabState;
}

/**
 * The lab's session and the loads that replace its run: the first at start-up, a new session,
 * an opened (or recovered) document, a reset, an edited scenario. They run one at a time with the
 * lab's other exclusive tasks, and while one has changed the session but its load has not reached
 * the engine yet the old run's updates are kept from the session (see {@link holdsSession}).
 */
export class SessionLoads {
  session: SessionController | null = null;
  /** The last load started from a saved checkpoint (diagnostics, tests). */
  lastLoadFromCheckpoint = false;
  /** Tasks replacing the session's run that are under way; see {@link replaceRun}. */
  private runsReplacing = 0;

  constructor(
    private readonly run: EngineRun,
    private readonly view: TimeTravelView,
    private readonly events: LabEventHub,
    private readonly options: LabHostOptions,
    private readonly lab: LabTasks,
  ) {}

  requireSession(): SessionController {
    if (this.session === null) throw new LabError('internal', 'no session is loaded');
    return this.session;
  }

  /** A task replacing the session's run is under way. */
  get replacing(): boolean {
    return this.runsReplacing !== 0;
  }

  /**
   * The engine's updates are of the session's run. Not while a task replacing the run has changed
   * the session but its load has not reached the engine yet: updates of the old run still on their
   * way (same epoch until then) would set the session's tick, and the load would go to that tick
   * instead of the opened or new session's. Once loading, the updates are the replay's progress.
   */
  get holdsSession(): boolean {
    return this.runsReplacing === 0 || this.run.loading;
  }

  /** The session the lab starts with, loaded. */
  async first(scenario: Scenario): Promise<void> {
    const session = new SessionController(scenario);
    this.session = session;
    await this.load(this.run.claim(), session);
    session.metaChanged();
  }

  /** Starts a fresh unsaved session of `scenario` at tick 0. */
  newSession(scenario: Scenario): Promise<LabState> {
    assertRunFits(scenario, this.options.runBudget);
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.session ?? new SessionController(scenario);
      session.startNew(scenario);
      this.session = session;
      await this.load(ticket, session);
      this.lab.announceMeta(true);
      return this.lab.state();
    });
  }

  /** Opens a saved (or recovered, location null) session: replays it and checks its digest. */
  openDocument(doc: SessionDocument, location: string | null): Promise<LabState> {
    assertRunFits(doc.scenario, this.options.runBudget);
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.session ?? new SessionController(doc.scenario);
      session.startFromDocument(doc, location);
      this.session = session;
      const result = await this.load(ticket, session, savedTraceOf(doc, this.events));
      checkReplayedDigest(doc, result, this.events);
      this.lab.announceMeta(true);
      return this.lab.state();
    });
  }

  /** Back to tick 0 of the same scenario; recorded interventions go with the run. */
  reset(): Promise<LabState> {
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.requireSession();
      session.resetRun();
      await this.load(ticket, session);
      this.lab.announceMeta();
      return this.lab.state();
    });
  }

  replaceScenario(scenario: Scenario): Promise<LabState> {
    this.run.assertNotLoading('be edited');
    assertRunFits(scenario, this.options.runBudget);
    const ticket = this.run.claim();
    return this.replaceRun(async () => {
      const session = this.requireSession();
      if (session.tick !== 0)
        throw new LabError(
          'refused',
          'The run has started: reset it to edit the scenario, or change VMs live (interventions).',
        );
      session.replaceScenario(scenario);
      await this.load(ticket, session);
      this.lab.announceMeta();
      return this.lab.state();
    });
  }

  /**
   * Runs `task`, which replaces the session's run (changes the session, then loads it), after
   * every earlier exclusive task; see {@link holdsSession}.
   */
  private replaceRun<T>(task: () => Promise<T>): Promise<T> {
    return this.lab.exclusive(async () => {
      this.runsReplacing++;
      try {
        return await task();
      } finally {
        this.runsReplacing--;
      }
    });
  }

  /** Loads the session's run: its scenario and interventions, replayed to its tick. */
  private async load(ticket: number, session: SessionController, saved?: OpenedTrace) {
    this.view.reset();
    const result = await this.run.load(
      ticket,
      session.name,
      { scenario: session.scenario, interventions: session.interventions, tick: session.tick },
      saved,
    );
    this.lastLoadFromCheckpoint = result.fromCheckpoint === true;
    session.tick = result.status.tick;
    return result;
  }
}
