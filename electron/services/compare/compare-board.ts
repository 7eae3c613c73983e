import type { ChartHistory, PinnedMap, PinnedRunInfo } from '../../../core/lab-api/lab-api-contract';
import {
  maxComparedRuns,
  maxUserPins,
  type ComparedRunDocument,
} from '../../../core/experiment/comparison-file';
import { engineVersion } from '../../../core/engine/engine-version';
import type { RunBudget } from '../../../core/scenario/run-budget';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { sessionSchemaId } from '../../../core/session/session-schema';
import { machineRunBudget } from '../engine/machine-budget';
import { assertRunFits } from '../engine/run-guards';
import { LabError } from '../lab/lab-error';
import type { LabRuntime } from '../lab/lab-runtime';
import type { LabHostOptions } from '../lab/lab-service-types';
import { EngineSlot } from './engine-slot';
import { pinRefusal, pinWait, runMemoryBytes, type RunMemory } from './pinned-memory';
import { PinnedRun, type PinnedRunSource } from './pinned-run';

/**
 * Pinned runs computed at once, each in an engine process of its own. Two: the machine has
 * few cores and the lab's own engine runs beside them; the others wait their turn.
 */
export const concurrentPinnedRuns = 2;

/** A run waiting for memory while no pinned run is running looks again this often (the lab's run may shrink). */
export const memoryRetryMs = 2000;

/** The scenario of the lab's own run, or null while none is loaded (for CompareBoard). */
export function labRunScenario(rt: LabRuntime): Scenario | null {
  try {
    return rt.requireSession().scenario;
  } catch {
    return null;
  }
}

/**
 * The runs pinned for comparison, shared by every client of the lab. Each is run to its end
 * in the background (pinned-run.ts), at most {@link concurrentPinnedRuns} at a time; a user
 * pins at most {@link maxUserPins}, a comparison holds at most {@link maxComparedRuns}.
 * Memory is checked for the runs together (pinned-memory.ts): a run that cannot fit beside the
 * lab's own run is refused; one that fits only once other pinned runs end waits in the queue,
 * with the reason, and the runs start in the order they were pinned.
 */
export class CompareBoard {
  private runs: PinnedRun[] = [];
  private nextId = 1;
  private disposed = false;
  /** Engines waiting for a run, and how many are running one. */
  private idle: EngineSlot[] = [];
  private busy = 0;
  /** Runs on an engine now, unpinned ones too until they stop: their memory is in use. */
  private readonly active = new Set<PinnedRun>();
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: LabHostOptions,
    private readonly emit: (pins: PinnedRunInfo[]) => void,
    /** Host maps kept per run (pinned-run.ts mapSnapshotCount; tests take fewer). */
    private readonly snapshotCount?: number,
    /** The lab's own run (null while none is loaded): its memory counts with the pinned runs'. */
    private readonly labScenario: () => Scenario | null = () => null,
  ) {}

  list(): PinnedRunInfo[] {
    return this.runs.map((r) => ({
      id: r.id,
      label: r.source.label,
      scenario: r.source.scenario,
      interventions: [...r.source.interventions],
      status: r.status,
      tick: r.tick,
      endTick: r.endTick,
      error: r.error,
      ...(r.waiting === null ? {} : { waiting: r.waiting }),
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
    for (const s of sources) this.assertPinFits(s);
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

  history(id: string, maxPoints: number): ChartHistory {
    return this.find(id).chartHistory(maxPoints);
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
        schema: sessionSchemaId,
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
    if (this.retry !== null) clearTimeout(this.retry);
    await this.cancelAll();
    // Running ones hand their engine back to the idle list as they stop.
    const deadline = Date.now() + 5000;
    while (this.busy > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await Promise.all(this.idle.splice(0).map((s) => s.dispose().catch(() => undefined)));
  }

  private get budget(): RunBudget {
    return this.options.runBudget ?? machineRunBudget(true);
  }

  private labMemory(): RunMemory | null {
    const scenario = this.labScenario();
    return scenario === null ? null : { label: scenario.name, bytes: runMemoryBytes(scenario) };
  }

  /** Refuses a run too big for this machine alone, or beside the lab's own run. */
  private assertPinFits(source: PinnedRunSource): void {
    assertRunFits(source.scenario, this.options.runBudget);
    const candidate = { label: source.label, bytes: runMemoryBytes(source.scenario) };
    const refusal = pinRefusal(candidate, this.labMemory(), this.budget);
    if (refusal !== null) throw new LabError('refused', refusal);
  }

  private add(source: PinnedRunSource): void {
    this.assertPinFits(source);
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
   * Starts queued runs in pin order, on idle engines first, up to {@link concurrentPinnedRuns}
   * at a time and while the memory of the lab's run and the running ones leaves room; the
   * first run that does not fit waits with the reason, and the ones after it wait their turn.
   * Engines left with nothing to do are stopped (their memory is the machine's again).
   * Returns whether a waiting reason changed (the caller tells the clients).
   */
  private pump(): boolean {
    if (this.disposed) return false;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const before = this.runs.map((r) => r.waiting);
    for (const r of this.runs) r.waiting = null;
    let blocked = false;
    while (this.busy < concurrentPinnedRuns) {
      const run = this.runs.find((r) => r.status === 'queued');
      if (run === undefined) break;
      const running = [...this.active].map((r) => ({
        label: r.source.label,
        bytes: runMemoryBytes(r.source.scenario),
      }));
      const candidate = { label: run.source.label, bytes: runMemoryBytes(run.source.scenario) };
      run.waiting = pinWait(candidate, this.labMemory(), running, this.budget);
      if (run.waiting !== null) {
        blocked = true;
        // Nothing running will end and look again: the lab's own run has to shrink first.
        if (this.busy === 0)
          this.retry = setTimeout(() => {
            if (this.pump()) this.changed();
          }, memoryRetryMs);
        break;
      }
      this.start(run, this.idle.pop() ?? new EngineSlot(this.options));
    }
    // An idle engine still holds its last run's pages: free them when no run will take it now.
    if (blocked || this.runs.every((r) => r.status !== 'queued'))
      for (const slot of this.idle.splice(0)) void slot.dispose().catch(() => undefined);
    return this.runs.some((r, i) => r.waiting !== before[i]);
  }

  private start(run: PinnedRun, slot: EngineSlot): void {
    this.busy += 1;
    this.active.add(run);
    void run.run(slot).then(() => {
      this.busy -= 1;
      this.active.delete(run);
      // An engine that failed a run (crashed, gave up) is not trusted with the next one.
      if (run.status === 'failed') void slot.dispose().catch(() => undefined);
      else this.idle.push(slot);
      if (this.pump()) this.changed();
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
