import type { Engine } from '../../core/engine/engine-types';
import { SimEngine } from '../../core/engine/sim-engine';
import { ownAliasedStacks } from '../../core/engine/world-version';
import { GapFiller, type GapRun } from './checkpoint-gaps';
import { collectAboveBytes, fullCollection } from './full-collection';
import type { TimeTravel } from './time-travel';

/** Quiet time after a run stops before it settles (see IdleWork.settle), ms. */
const settleQuietMs = 250;
/** Page-stack blocks (256 KiB each) an opened session's engine copies out per turn of its event loop. */
const ownedBlocksPerTurn = 8;

/** What the runner is doing now, as its idle work needs to know it. */
export interface RunnerActivity {
  /** The engine shown; null before a load (or after one was interrupted). */
  engine: Engine | null;
  /** The run keeps checkpoints as it goes (the load's `checkpoints`). */
  keepCheckpoints: boolean;
  /** A play or a run to the end is going on. */
  running: boolean;
  /** A save is collecting checkpoints. */
  saving: boolean;
  /** A job (a load or a step) is in progress. */
  jobActive: boolean;
}

/**
 * What the engine does while its run waits: it settles at the head once quiet, and fills the
 * gaps between an opened file's checkpoints (checkpoint-gaps.ts) so that later jumps are quick.
 */
export class IdleWork {
  /** Fills the gaps between an opened file's checkpoints while the lab waits (checkpoint-gaps.ts). */
  readonly gaps: GapFiller;
  /** The run settles once quiet (see settle). */
  private settleHandle: ReturnType<typeof setTimeout> | null = null;
  /** The next turn that copies out blocks an opened session's engine still shares with its file (see loaded). */
  private owning: ReturnType<typeof setImmediate> | null = null;

  constructor(
    private readonly travel: TimeTravel,
    now: () => number,
    private readonly activity: () => RunnerActivity,
  ) {
    this.gaps = new GapFiller(
      travel.checkpoints,
      now,
      () => this.gapRun(),
      // All filled: the engine they were replayed in is garbage now, collected before a jump finds it.
      () => {
        if (travel.checkpoints.totalBytes >= collectAboveBytes) fullCollection();
      },
    );
  }

  /**
   * The run waits at its head (it ended or was paused): its head is kept as a checkpoint, so that
   * a first jump back pins it without a copy, and with large checkpoints a full garbage
   * collection runs now rather than in the middle of a jump.
   */
  settle(): void {
    this.cancelSettle();
    const { engine, keepCheckpoints, running, jobActive } = this.activity();
    if (engine === null || running || !keepCheckpoints || jobActive) return;
    this.gaps.later();
    if (!this.travel.prepare(engine) || this.travel.checkpoints.totalBytes < collectAboveBytes) return;
    fullCollection();
  }

  /**
   * A load is done: the gaps are filled once the lab waits (with `keepCheckpoints`), and the
   * page-stack blocks the engine still shares with an opened file's newest checkpoint are copied
   * out a few per turn (world-version.ts ownAliasedStacks) instead of by whichever jump first
   * rewrites them (a far one on datacenter-2x copied 800 ms of them).
   */
  loaded(keepCheckpoints: boolean): void {
    if (keepCheckpoints) this.gaps.later();
    if (this.owning !== null) return;
    const turn = (): void => {
      this.owning = null;
      const { engine } = this.activity();
      if (engine instanceof SimEngine && ownAliasedStacks(engine.world, ownedBlocksPerTurn) > 0)
        this.owning = setImmediate(turn);
    };
    this.owning = setImmediate(turn);
  }

  /** Settles once nothing happened for a moment (a pause is answered at once). */
  settleLater(): void {
    this.cancelSettle();
    this.settleHandle = setTimeout(() => this.settle(), settleQuietMs);
  }

  cancelSettle(): void {
    if (this.settleHandle !== null) clearTimeout(this.settleHandle);
    this.settleHandle = null;
  }

  /** What the gaps are filled for, and whether the engine is busy with something else now; null: nothing to fill for. */
  private gapRun(): { run: GapRun; busy: boolean } | null {
    const { engine, keepCheckpoints, running, saving, jobActive } = this.activity();
    if (engine === null || !keepCheckpoints) return null;
    return {
      run: {
        scenario: engine.scenario,
        interventions: this.travel.headInterventions ?? engine.interventions(),
        shownTick: engine.tick,
      },
      busy: running || saving || jobActive,
    };
  }
}
