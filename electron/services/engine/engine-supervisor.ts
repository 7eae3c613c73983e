import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type {
  WorkerCommand,
  WorkerProgress,
  WorkerReplyResult,
  WorkerStatus,
  WorkerUpdate,
  WorkerView,
} from '../../worker/worker-protocol';

type LoadCommand = Extract<WorkerCommand, { type: 'load' }>;
import { EngineClient, WorkerCommandError } from './engine-client';
import type { EngineLauncher, EngineLaunchOptions } from './engine-process';

export interface ReplayTarget {
  scenario: Scenario;
  interventions: readonly RecordedIntervention[];
}

export interface SupervisorHandlers {
  onUpdate(update: WorkerUpdate): void;
  onProgress(progress: WorkerProgress): void;
  /** A replacement worker holds the session again, paused at `tick`. */
  onRestarted(reason: string, tick: number): void;
  /** Restarting failed repeatedly: the engine is unavailable until the next load. */
  onGaveUp(reason: string): void;
  /** What to replay after a crash (the session as the main process recorded it). */
  replayTarget(): ReplayTarget | null;
}

const maxQuickRestarts = 3;
const quickRestartWindowMs = 60_000;

/** Where the engine process comes from and what it may use. */
export interface EngineSource {
  /** Absolute path of the engine entry (out/main/engine-worker.mjs). */
  entryPath: string;
  launch: EngineLauncher;
  options: EngineLaunchOptions;
  /** False: runs keep no checkpoints (LoadCommand.checkpoints). */
  checkpoints?: boolean;
}

/**
 * Keeps one engine process alive for the lab: numbers each load (epoch) so updates of a
 * replaced run are ignored, remembers the view, and when the process dies starts a new one and
 * replays the session to the last tick the main process knows, so nothing is lost.
 */
export class EngineSupervisor {
  private client: EngineClient | null = null;
  private starting: Promise<EngineClient> | null = null;
  private epoch = 0;
  private view: WorkerView | null = null;
  private lastStatus: WorkerStatus | null = null;
  private restarts: number[] = [];
  private disposed = false;
  private loadsInFlight = 0;

  constructor(
    private readonly source: EngineSource,
    private readonly handlers: SupervisorHandlers,
  ) {}

  get status(): WorkerStatus | null {
    return this.lastStatus;
  }

  /** A load (a replay: opening, resetting, or recovering after a crash) is in progress. */
  get loading(): boolean {
    return this.loadsInFlight > 0;
  }

  /** The live client (tests use it to kill the engine process). */
  get currentClient(): EngineClient | null {
    return this.client;
  }

  async request(command: WorkerCommand): Promise<WorkerReplyResult> {
    const client = await this.ready();
    const result = await client.request(command);
    this.observeStatus(result.status);
    return result;
  }

  /** Replaces the run: a new epoch, so stale updates of the previous run are dropped. */
  async load(
    scenario: Scenario,
    interventions: readonly RecordedIntervention[],
    tick: number,
    history: boolean,
    /** Checkpoints to start from (a session file's), when they restore. */
    from: Pick<LoadCommand, 'checkpoint' | 'earlier' | 'store' | 'storeAt'> = {},
  ): Promise<WorkerReplyResult> {
    this.epoch++;
    this.lastStatus = null;
    this.loadsInFlight++;
    try {
      return await this.request({
        type: 'load',
        epoch: this.epoch,
        scenario,
        interventions: [...interventions],
        tick,
        history,
        ...(from.checkpoint === undefined ? {} : { checkpoint: from.checkpoint }),
        ...(from.earlier === undefined ? {} : { earlier: from.earlier }),
        ...(from.store === undefined ? {} : { store: from.store }),
        ...(from.storeAt === undefined ? {} : { storeAt: from.storeAt }),
        ...this.checkpointsOption(),
      });
    } finally {
      this.loadsInFlight--;
    }
  }

  /** What every load says of checkpoints: nothing (kept), or that its runs keep none. */
  private checkpointsOption(): Pick<LoadCommand, 'checkpoints'> {
    return this.source.checkpoints === false ? { checkpoints: false } : {};
  }

  async setView(view: WorkerView): Promise<void> {
    this.view = view;
    await this.request({ type: 'setView', view });
  }

  wantFrame(): void {
    this.client?.wantFrame();
  }

  /**
   * Ends the load or step in progress at once (a load's request fails as cancelled) and
   * refuses the commands waiting behind it: the caller is about to replace the run. Starts
   * no engine process when none is running.
   */
  async interrupt(): Promise<void> {
    const client = this.client;
    if (client === null || !client.alive) return;
    try {
      await client.request({ type: 'interrupt' });
    } catch (error) {
      // A process that died meanwhile has nothing left to interrupt.
      if (!(error instanceof WorkerCommandError && error.code === 'dead')) throw error;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const client = this.client ?? (await this.starting?.catch(() => null)) ?? null;
    this.client = null;
    await client?.dispose();
  }

  private ready(): Promise<EngineClient> {
    if (this.client?.alive) return Promise.resolve(this.client);
    if (this.disposed) return Promise.reject(new Error('the lab is shutting down'));
    this.starting ??= EngineClient.start(this.source.launch, this.source.entryPath, this.source.options, {
      onUpdate: (u) => {
        if (u.epoch !== this.epoch) return;
        const last = this.lastStatus;
        // At the head the run moves on; while a past tick is shown (time travel) the head stays.
        this.lastStatus =
          last === null
            ? null
            : {
                ...last,
                tick: u.tick,
                timeS: u.timeS,
                running: u.running,
                headTick: last.headTick === last.tick ? u.tick : last.headTick,
              };
        this.handlers.onUpdate(u);
      },
      onProgress: (p) => {
        if (p.epoch === this.epoch) this.handlers.onProgress(p);
      },
      onDeath: (reason) => void this.recover(reason),
    }).then(
      (client) => {
        this.client = client;
        this.starting = null;
        return client;
      },
      (error: unknown) => {
        this.starting = null;
        throw error;
      },
    );
    return this.starting;
  }

  private observeStatus(status: WorkerStatus): void {
    if (status.epoch === this.epoch) this.lastStatus = status;
  }

  private async recover(reason: string): Promise<void> {
    this.client = null;
    if (this.disposed) return;
    const now = performance.now();
    this.restarts = [...this.restarts.filter((t) => now - t < quickRestartWindowMs), now];
    const target = this.handlers.replayTarget();
    // While a past tick is shown, the run itself is at its head.
    const tick = this.lastStatus?.headTick ?? 0;
    if (this.restarts.length > maxQuickRestarts) {
      this.handlers.onGaveUp(
        `${reason}; it crashed ${this.restarts.length} times within a minute, so it was not restarted`,
      );
      return;
    }
    if (target === null) return;
    try {
      // Same epoch: the main process's history continues seamlessly from `tick`.
      const interventions = target.interventions.filter((i) => i.tick <= tick);
      this.loadsInFlight++;
      let client: EngineClient;
      let result: WorkerReplyResult;
      try {
        client = await this.ready();
        result = await client.request({
          type: 'load',
          epoch: this.epoch,
          scenario: target.scenario,
          interventions,
          tick,
          history: false,
          ...this.checkpointsOption(),
        });
      } finally {
        this.loadsInFlight--;
      }
      this.lastStatus = result.status;
      if (this.view !== null) await client.request({ type: 'setView', view: this.view });
      this.handlers.onRestarted(reason, result.status.tick);
    } catch (error) {
      // The replacement died too: its own death report carries on from here. Cancelled: a new
      // session took the place of the one being replayed.
      if (error instanceof WorkerCommandError && (error.code === 'dead' || error.code === 'cancelled'))
        return;
      this.handlers.onGaveUp(
        `${reason}; restarting failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
