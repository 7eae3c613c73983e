import type { HistoryResult, PinnedMap, PinnedRunInfo } from '../../../core/lab-api/lab-api-contract';
import {
  maxComparedRuns,
  maxUserPins,
  type ComparedRunDocument,
} from '../../../core/experiment/comparison-file';
import { engineVersion } from '../../../core/engine/engine-version';
import { assertRunFits } from '../engine/run-guards';
import { LabError } from '../lab/lab-error';
import type { LabHostOptions } from '../lab/lab-service-types';
import { EngineSlot } from './engine-slot';
import { PinnedRun, type PinnedRunSource } from './pinned-run';

/**
 * Pinned runs computed at once, each in an engine process of its own. Two: the machine has
 * few cores and the lab's own engine runs beside them; the others wait their turn.
 */
export const concurrentPinnedRuns = 2;

/**
 * The runs pinned for comparison, shared by every client of the lab. Each is run to its end
 * in the background (pinned-run.ts), at most {@link concurrentPinnedRuns} at a time; a user
 * pins at most {@link maxUserPins}, a comparison holds at most {@link maxComparedRuns}.
 */
export class CompareBoard {
  private runs: PinnedRun[] = [];
  private nextId = 1;
  private disposed = false;
  /** Engines waiting for a run, and how many are running one. */
  private idle: EngineSlot[] = [];
  private busy = 0;

  constructor(
    private readonly options: LabHostOptions,
    private readonly emit: (pins: PinnedRunInfo[]) => void,
    /** Host maps kept per run (pinned-run.ts mapSnapshotCount; tests take fewer). */
    private readonly snapshotCount?: number,
  ) {}

  list(): PinnedRunInfo[] {
    return this.runs.map((r) => ({
      id: r.id,
      label: r.source.label,
      scenario: r.source.scenario,
      status: r.status,
      tick: r.tick,
      endTick: r.endTick,
      error: r.error,
      summary: r.summary,
    }));
  }

  /** Pins one more run (refused when {@link maxUserPins} are pinned or it cannot run here). */
  pin(source: PinnedRunSource): PinnedRunInfo[] {
    if (this.runs.length >= maxUserPins)
      throw new LabError(
        'refused',
        `At most ${maxUserPins} runs can be pinned: unpin one first (a comparison shows them side by side, not more).`,
      );
    this.add(source);
    return this.changed();
  }

  /** Replaces every pinned run (a comparison opened, every policy compared). */
  async replaceAll(sources: readonly PinnedRunSource[]): Promise<PinnedRunInfo[]> {
    if (sources.length > maxComparedRuns)
      throw new LabError(
        'refused',
        `A comparison holds at most ${maxComparedRuns} runs, not ${sources.length}.`,
      );
    for (const s of sources) assertRunFits(s.scenario, this.options.runBudget);
    await this.cancelAll();
    for (const s of sources) this.add(s);
    return this.changed();
  }

  async unpin(id: string): Promise<PinnedRunInfo[]> {
    const run = this.find(id);
    this.runs = this.runs.filter((r) => r !== run);
    await run.cancel();
    this.pump();
    return this.changed();
  }

  async clear(): Promise<PinnedRunInfo[]> {
    await this.cancelAll();
    return this.changed();
  }

  history(id: string, maxPoints: number): HistoryResult {
    return this.find(id).historyPoints(maxPoints);
  }

  mapAt(id: string, timeS: number): PinnedMap | null {
    return this.find(id).mapAt(timeS);
  }

  /** The pinned runs as sessions (scenario, interventions, end tick), for a comparison file. */
  documents(savedIso: string, appVersion: string): ComparedRunDocument[] {
    if (this.runs.length === 0)
      throw new LabError('refused', 'Pin a run first: there is nothing to compare yet.');
    return this.runs.map((r) => ({
      label: r.source.label.slice(0, 100) || r.id,
      session: {
        schema: 'balloon-lab/session@1',
        savedIso,
        app: { version: appVersion, engineVersion },
        name: r.source.label.slice(0, 200),
        scenario: r.source.scenario,
        interventions: [...r.source.interventions],
        tick: 0,
        stateDigest: '',
        uiState: {},
      },
    }));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.cancelAll();
    // Running ones hand their engine back to the idle list as they stop.
    const deadline = Date.now() + 5000;
    while (this.busy > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await Promise.all(this.idle.splice(0).map((s) => s.dispose().catch(() => undefined)));
  }

  private add(source: PinnedRunSource): void {
    assertRunFits(source.scenario, this.options.runBudget);
    const run = new PinnedRun(`pin-${this.nextId++}`, source, () => {
      if (this.runs.includes(run)) this.changed();
    });
    this.runs.push(run);
    this.pump();
  }

  private async cancelAll(): Promise<void> {
    const runs = this.runs;
    this.runs = [];
    for (const r of runs) r.cancel();
    await Promise.resolve();
  }

  /**
   * Gives queued runs to idle engines, starting engines up to {@link concurrentPinnedRuns};
   * engines left with nothing to do are stopped (their memory is the machine's again).
   */
  private pump(): void {
    if (this.disposed) return;
    let queued = this.runs.find((r) => r.status === 'queued');
    while (queued !== undefined && this.idle.length > 0) {
      this.start(queued, this.idle.pop()!);
      queued = this.runs.find((r) => r.status === 'queued');
    }
    while (this.busy < concurrentPinnedRuns) {
      const run = this.runs.find((r) => r.status === 'queued');
      if (run === undefined) break;
      this.start(run, new EngineSlot(this.options));
    }
    if (this.runs.every((r) => r.status !== 'queued'))
      for (const slot of this.idle.splice(0)) void slot.dispose().catch(() => undefined);
  }

  private start(run: PinnedRun, slot: EngineSlot): void {
    this.busy += 1;
    void run.run(slot).then(() => {
      this.busy -= 1;
      // An engine that failed a run (crashed, gave up) is not trusted with the next one.
      if (run.status === 'failed') void slot.dispose().catch(() => undefined);
      else this.idle.push(slot);
      this.pump();
    });
  }

  private find(id: string): PinnedRun {
    const run = this.runs.find((r) => r.id === id);
    if (run === undefined) throw new LabError('not-found', `There is no pinned run "${id.slice(0, 100)}".`);
    return run;
  }

  private changed(): PinnedRunInfo[] {
    const pins = this.list();
    this.emit(pins);
    return pins;
  }
}
