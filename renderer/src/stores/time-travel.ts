import { computed, ref } from 'vue';
import type { Ref } from 'vue';
import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { LabState } from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import { formatClock } from '../logic/format';
import { useChartViewStore } from './chart-view-store';
import { useConfirmStore } from './confirm-store';
import type { LabRequest } from './lab-request';
import { useLogStore } from './log-store';

/** How often the lab is asked whether jumps are still being prepared, ms. */
export const preparingPollMs = 2000;

/** What time travel needs from the lab store it belongs to. */
export interface TimeTravelHost {
  request: LabRequest;
  adoptRunState(state: LabState): void;
  /** Reloads charts, maps and log from the Node side (after a branch dropped their tail). */
  rebuild(): Promise<void>;
  tick: Readonly<Ref<number>>;
  tickMs: () => number;
  interventions: Readonly<Ref<readonly RecordedIntervention[]>>;
}

/**
 * Going back to a past second of the run (viewAt): the maps, counters and log show that
 * moment, every chart marks it, and the run waits at its newest tick until the user returns
 * there or goes on from the past as a branch (asked first when that drops interventions).
 */
export function useTimeTravel(host: TimeTravelHost) {
  /** The past tick shown, null at the newest. */
  const viewTick = ref<number | null>(null);
  const viewTimeS = computed(() =>
    viewTick.value === null ? null : (viewTick.value * host.tickMs()) / 1000,
  );

  /** The engine still rebuilds the moments between an opened file's checkpoints (jumps are slower). */
  const preparingJumps = ref(false);
  let askAgain: ReturnType<typeof setTimeout> | null = null;

  /** Follows `preparing` until the engine is done: it says so only when asked. */
  function followPreparing(preparing: boolean): void {
    preparingJumps.value = preparing;
    if (!preparing || askAgain !== null) return;
    askAgain = setTimeout(() => {
      askAgain = null;
      labApi.getState({}).then(
        (state) => followPreparing(state.preparingJumps === true),
        // A lab that does not answer says nothing either way: the hint goes.
        () => followPreparing(false),
      );
    }, preparingPollMs);
  }

  /** Takes the viewed tick of a state (absent = the newest); the log and charts follow it. */
  function adoptView(state: LabState): void {
    viewTick.value = state.viewTick ?? null;
    useLogStore().setCutoffTick(viewTick.value);
    useChartViewStore().setCursor(viewTimeS.value);
    followPreparing(state.preparingJumps === true);
  }

  /** Shows `tick` (clamped to the run so far); the newest tick returns there. */
  async function viewAt(tick: number): Promise<void> {
    const target = Math.max(0, Math.min(host.tick.value, Math.round(tick)));
    const before = viewTick.value;
    // The engine's frames of that moment can come before the answer: until it comes, they must
    // not set the run's clock back (that would clamp the next jump and call out events again).
    viewTick.value = target;
    const state = await host.request('Go back in time', () => labApi.viewAt({ tick: target }));
    if (state !== undefined) host.adoptRunState(state);
    else if (viewTick.value === target) viewTick.value = before;
  }

  async function returnToHead(): Promise<void> {
    const state = await host.request('Back to now', () => labApi.returnToHead({}));
    if (state !== undefined) host.adoptRunState(state);
  }

  /** Interventions the run recorded after the tick shown: a branch drops them. */
  const laterInterventions = computed(() => {
    const at = viewTick.value;
    return at === null ? 0 : host.interventions.value.filter((r) => r.tick > at).length;
  });

  /** Goes on from the tick shown, after asking when that drops recorded interventions. */
  async function branch(): Promise<boolean> {
    const at = viewTick.value;
    if (at === null) return false;
    const dropped = laterInterventions.value;
    if (dropped > 0) {
      const answer = await useConfirmStore().ask({
        title: 'Continue from here?',
        message: `Continue the run from ${formatClock((at * host.tickMs()) / 1000)} and drop the ${dropped} intervention${dropped === 1 ? '' : 's'} recorded after it?`,
        detail: 'Everything after this moment is discarded; the run goes on from here.',
        choices: [
          { id: 'branch', label: 'Continue from here', primary: true, danger: true },
          { id: 'cancel', label: 'Cancel' },
        ],
      });
      if (answer.choice !== 'branch') return false;
    }
    const state = await host.request('Continue from here', () => labApi.branchFromView({}));
    if (state === undefined) return false;
    host.adoptRunState(state);
    await host.rebuild();
    return true;
  }

  return { viewTick, viewTimeS, preparingJumps, laterInterventions, adoptView, viewAt, returnToHead, branch };
}
