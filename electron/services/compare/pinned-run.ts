import { chartHistoryOf, thinChartHistory, type ChartHistory } from '../../../core/lab-api/lab-api-contract';
import type { HostMap } from '../../../core/model/memory-maps';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { SummaryAccumulator, type RunSummary } from '../../../core/trace/summary';
import type { EngineRun } from '../lab/engine-run';
import type { EngineSlot } from './engine-slot';

/** Where a pinned run stands. */
export type PinnedRunStatus = 'queued' | 'running' | 'done' | 'failed';

/** Host map snapshots kept of a run: one at the end of each 1/mapSnapshotCount of its duration. */
export const mapSnapshotCount = 60;
/** Cells of each host map snapshot (about 26 KiB each: 1.6 MiB per run at most). */
export const snapshotMapCells = 1024;
/** How long a step's end waits for the frame with its map (maps ride on frames, 30 a second at most). */
const mapWaitMs = 1000;
/** Samples per series kept of a finished run (the charts decimate further). */
export const keptHistoryPoints = 1000;

export interface PinnedRunSource {
  label: string;
  scenario: Scenario;
  interventions: readonly RecordedIntervention[];
}

/**
 * One run of a comparison, computed in an engine process apart from the lab's (engine-slot.ts)
 * from its scenario and interventions, from tick 0 to the end: the same run as the lab's,
 * since runs are deterministic. While it runs its engine holds the full trace; once done only
 * a decimated history, the summary and the host-map snapshots stay here.
 */
export class PinnedRun {
  status: PinnedRunStatus = 'queued';
  tick = 0;
  endTick: number;
  error: string | null = null;
  /** Why a queued run has not started yet (memory, compare-board.ts), for the user; null otherwise. */
  waiting: string | null = null;
  summary: RunSummary | null = null;
  private engine: EngineRun | null = null;
  private history: ChartHistory | null = null;
  private readonly snapshots: { timeS: number; map: HostMap }[] = [];
  private cancelled = false;

  constructor(
    readonly id: string,
    readonly source: PinnedRunSource,
    private readonly onChange: (run: PinnedRun) => void,
    /** Host maps kept (and steps run): {@link mapSnapshotCount}; tests take fewer. */
    private readonly snapshotCount = mapSnapshotCount,
  ) {
    this.endTick = Math.ceil((source.scenario.durationS * 1000) / source.scenario.tickMs);
  }

  /**
   * Runs to the end on `slot`'s engine in {@link mapSnapshotCount} steps, taking the host map
   * at the end of each, so both maps of a comparison are at exactly the same simulated times
   * whatever the machine's load. Resolves when done, failed or cancelled (never rejects).
   */
  async run(slot: EngineSlot): Promise<void> {
    if (this.cancelled) return;
    this.status = 'running';
    this.onChange(this);
    const { scenario, interventions, label } = this.source;
    const engine = slot.engine;
    let gaveUp: string | null = null;
    let latest: { timeS: number; map: HostMap } | null = null;
    let mapWait: { timeS: number; resolve: () => void } | null = null;
    slot.listener = {
      onTick: (tick) => {
        this.tick = tick;
      },
      onFrame: (frame) => {
        if (frame.hostMap === null) return;
        latest = { timeS: frame.timeS, map: frame.hostMap };
        if (mapWait !== null && frame.timeS >= mapWait.timeS) mapWait.resolve();
      },
      // A crashed engine is replayed to where it was; the step in progress fails and so does the run.
      onRestarted: () => undefined,
      onGaveUp: (reason) => {
        gaveUp = reason;
      },
      replayTarget: () => ({ scenario, interventions }),
    };
    this.engine = engine;
    const progress = setInterval(() => this.onChange(this), 500);
    try {
      await engine.load(engine.claim(), label, { scenario, interventions: [...interventions], tick: 0 });
      await engine.setView({
        selectedVm: null,
        hostMap: { cells: snapshotMapCells },
        guestMap: { cells: 1 },
      });
      const ticksPerStep = Math.max(1, Math.ceil(this.endTick / this.snapshotCount));
      while (!this.cancelled) {
        const { status } = await engine.step(ticksPerStep);
        this.tick = status.tick;
        // The step's last update (with the map) may come just before or just after its reply.
        if (latest === null || (latest as { timeS: number }).timeS < status.timeS)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, mapWaitMs);
            mapWait = { timeS: status.timeS, resolve: () => (clearTimeout(timer), resolve()) };
          });
        mapWait = null;
        this.keepSnapshot(latest);
        if (gaveUp !== null) throw new Error(gaveUp);
        if (status.tick >= status.endTick) break;
      }
      if (this.cancelled) return;
      this.summary = this.summarize(engine);
      this.history = engine.chartHistory(keptHistoryPoints);
      this.tick = this.endTick;
      this.status = 'done';
    } catch (error) {
      if (!this.cancelled) {
        this.status = 'failed';
        this.error = error instanceof Error ? error.message : String(error);
      }
    } finally {
      clearInterval(progress);
      this.engine = null;
      slot.listener = null;
      if (!this.cancelled) this.onChange(this);
    }
  }

  /** Stops the run (unpinned) after its current step; its engine goes on to the next queued run. */
  cancel(): void {
    this.cancelled = true;
  }

  /** The run's history so far (while running) or as kept (done), at most `maxPoints` per series. */
  chartHistory(maxPoints: number): ChartHistory {
    if (this.engine !== null) return this.engine.chartHistory(Math.min(maxPoints, keptHistoryPoints));
    if (this.history === null) return chartHistoryOf([]);
    const kept = this.history.timeS.length;
    return kept <= maxPoints ? this.history : thinChartHistory(this.history, Math.ceil(kept / maxPoints));
  }

  /** The host map snapshot nearest to `timeS`, or null before the first one. */
  mapAt(timeS: number): { timeS: number; map: HostMap } | null {
    let best: { timeS: number; map: HostMap } | null = null;
    for (const s of this.snapshots)
      if (best === null || Math.abs(s.timeS - timeS) < Math.abs(best.timeS - timeS)) best = s;
    return best;
  }

  private keepSnapshot(snapshot: { timeS: number; map: HostMap } | null): void {
    const last = this.snapshots[this.snapshots.length - 1];
    if (snapshot !== null && (last === undefined || snapshot.timeS > last.timeS))
      this.snapshots.push(snapshot);
  }

  private summarize(engine: EngineRun): RunSummary {
    const { scenario } = this.source;
    const acc = new SummaryAccumulator({
      scenario: scenario.name,
      seed: scenario.seed,
      durationS: scenario.durationS,
    });
    for (let i = 0; i < engine.sampleCount; i += 1) {
      const s = engine.sampleAt(i);
      acc.add(s.host, s.vms);
    }
    return acc.finish();
  }
}
