import { computed, shallowRef, watch } from 'vue';
import type { Ref } from 'vue';
import type { LabState } from '../../../core/lab-api/lab-api-contract';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import { labApi } from '../api/lab-api';
import { formatClock } from '../logic/format';
import type { LabRequest } from './lab-request';
import { useNoticeStore } from './notice-store';

/** What a reset dropped: enough to replay the run to where it was. */
export interface ResetSnapshot {
  tick: number;
  timeS: number;
  interventions: readonly RecordedIntervention[];
}

/** What undoing needs from the lab store it belongs to. */
export interface ResetUndoHost {
  request: LabRequest;
  adoptRunState(state: LabState): void;
  tick: Readonly<Ref<number>>;
  /** Bumped when another session or scenario is adopted: the snapshot no longer applies. */
  epoch: Readonly<Ref<number>>;
}

/** Most ticks one step request may ask for (the contract's bound). */
const maxStepTicks = 1_000_000;

/**
 * Undo of the last reset. The engine is deterministic, so stepping the reset run to each
 * recorded intervention's tick, applying it there and stepping on to the old tick gives the
 * run back exactly as it was. Possible while the reset run is still at tick 0 of the same
 * session; a notice offers it.
 */
export function useResetUndo(host: ResetUndoHost) {
  const last = shallowRef<(ResetSnapshot & { epoch: number }) | null>(null);
  const undoing = shallowRef(false);
  let noticeId: number | null = null;
  const canUndo = computed(
    () => last.value !== null && last.value.epoch === host.epoch.value && host.tick.value === 0,
  );

  function forget(): void {
    last.value = null;
    if (noticeId !== null) useNoticeStore().dismiss(noticeId);
    noticeId = null;
  }

  // Running the reset run on, or another session, makes the old run unreachable.
  watch(canUndo, (possible) => {
    if (!possible && !undoing.value) forget();
  });

  function remember(snapshot: ResetSnapshot): void {
    forget();
    if (snapshot.tick <= 0) return;
    last.value = { ...snapshot, epoch: host.epoch.value };
    const n = snapshot.interventions.length;
    noticeId = useNoticeStore().push(
      'info',
      `Reset to 00:00:00. The run up to ${formatClock(snapshot.timeS)}${n > 0 ? ` and its ${n} intervention${n === 1 ? '' : 's'}` : ''} can be brought back.`,
      { action: { label: 'Undo', run: () => void undo() }, sticky: true },
    );
  }

  async function stepTo(target: number): Promise<boolean> {
    while (host.tick.value < target) {
      const ticks = Math.min(maxStepTicks, target - host.tick.value);
      const state = await host.request('Undo reset', () => labApi.step({ ticks }), { long: true });
      if (state === undefined) return false;
      host.adoptRunState(state);
    }
    return true;
  }

  /** Replays the reset run to where it was; false when it could not be undone. */
  async function undo(): Promise<boolean> {
    const snapshot = last.value;
    if (snapshot === null || !canUndo.value || undoing.value) return false;
    undoing.value = true;
    forget();
    try {
      const ordered = [...snapshot.interventions].sort((a, b) => a.tick - b.tick);
      for (const r of ordered) {
        if (!(await stepTo(r.tick))) return false;
        const state = await host.request(`Undo reset: change ${r.intervention.vm}`, () =>
          labApi.applyIntervention({ intervention: r.intervention }),
        );
        if (state === undefined) return false;
        host.adoptRunState(state);
      }
      if (!(await stepTo(snapshot.tick))) return false;
      useNoticeStore().push('info', `Reset undone: back at ${formatClock(snapshot.timeS)}.`);
      return true;
    } finally {
      undoing.value = false;
    }
  }

  return { canUndo, undoing, remember, undo };
}
