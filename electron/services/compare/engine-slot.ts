import type { Frame } from '../../../core/lab-api/lab-api-contract';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { EngineRun } from '../lab/engine-run';
import { LabEventHub } from '../lab/lab-events';
import type { LabHostOptions } from '../lab/lab-service-types';

/** What the run a slot is busy with hears of its engine. */
export interface SlotListener {
  onTick(tick: number, stopped: boolean): void;
  onFrame(frame: Frame): void;
  onRestarted(): void;
  onGaveUp(reason: string): void;
  replayTarget(): { scenario: Scenario; interventions: readonly RecordedIntervention[] };
}

/**
 * An engine process kept for pinned runs, one run after another: starting a process costs
 * more than a short run, so "compare under every policy" reuses two instead of starting five.
 * Frames are acknowledged at once (nobody paints them) so that maps keep coming.
 */
export class EngineSlot {
  readonly engine: EngineRun;
  listener: SlotListener | null = null;

  constructor(options: LabHostOptions) {
    const hub = new LabEventHub();
    this.engine = new EngineRun(
      options,
      hub,
      {
        onTick: (tick, stopped) => this.listener?.onTick(tick, stopped),
        onRestarted: () => this.listener?.onRestarted(),
        onGaveUp: (reason) => this.listener?.onGaveUp(reason),
        replayTarget: () => this.listener?.replayTarget() ?? null,
      },
      // A pinned run is never gone back in: checkpoints would cost a 256 GiB host gigabytes.
      false,
    );
    hub.subscribe((event, payload) => {
      if (event !== 'frame') return;
      this.listener?.onFrame(payload as Frame);
      this.engine.ackFrames(1);
    });
  }

  dispose(): Promise<void> {
    this.listener = null;
    return this.engine.dispose();
  }
}
