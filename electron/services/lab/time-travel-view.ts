import type { WorkerCommand, WorkerReplyResult } from '../../worker/worker-protocol';
import type { SessionController } from '../session/session-controller';
import type { EngineRun } from './engine-run';
import { LabError } from './lab-error';

/**
 * Which moment of the run the lab shows: its newest state, or a past tick (time travel) while
 * the run waits at its newest. The engine process keeps the newest state as a checkpoint while its
 * one engine shows the past (electron/worker/time-travel.ts); this is the Node side's record of
 * which moment the clients see.
 */
export class TimeTravelView {
  /** The past tick shown, null at the head. */
  viewTick: number | null = null;
  /** A seek is on its way: the engine's updates show a past tick, not the run's progress. */
  private travelling = false;

  constructor(private readonly run: EngineRun) {}

  /** The engine's updates report the run's own progress: the head is shown and no seek is under way. */
  get followsRun(): boolean {
    return this.viewTick === null && !this.travelling;
  }

  /** A new or restarted engine holds the run at its head. */
  reset(): void {
    this.viewTick = null;
  }

  /** Sends a seek, a return to the head or a branch to the engine and records where it stands. */
  async travel(
    command: Extract<WorkerCommand, { type: 'seek' | 'head' | 'branch' }>,
  ): Promise<WorkerReplyResult> {
    this.travelling = true;
    try {
      const result = await this.run.request(command);
      const { tick, headTick } = result.status;
      this.viewTick = tick === headTick ? null : tick;
      return result;
    } finally {
      this.travelling = false;
    }
  }

  /** The past tick shown becomes the run: the session and the trace drop what came after it. */
  async branch(session: SessionController): Promise<void> {
    if (this.viewTick === null) return;
    const result = await this.travel({ type: 'branch' });
    const tick = result.status.tick;
    session.branchAt(tick, result.kept ?? 0);
    this.run.truncateTrace(tick, (tick * session.scenario.tickMs) / 1000);
  }

  /** Refuses what would move the run while a past tick is shown. */
  assertAtHead(what: string): void {
    if (this.viewTick !== null)
      throw new LabError(
        'refused',
        `A past moment of the run is shown, so it cannot ${what}: continue from here as a branch, or return to the newest state first.`,
      );
  }
}
