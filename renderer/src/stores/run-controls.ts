import { ref } from 'vue';
import type { Ref } from 'vue';
import type { LabEvents, LabState } from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import type { LabRequest } from './lab-request';
import { useNoticeStore } from './notice-store';

/** What the run controls need from the lab store they belong to. */
export interface RunControlHost {
  request: LabRequest;
  /** Takes over the run state of a response. */
  adoptRunState(state: LabState): void;
  running: Readonly<Ref<boolean>>;
  tick: Readonly<Ref<number>>;
  endTick: Readonly<Ref<number>>;
  finished: Readonly<Ref<boolean>>;
}

/** Run, pause, step, speed and "run to end" with its progress, for the lab store. */
export function useRunControls(host: RunControlHost) {
  /** Set while "run to end" is under way. */
  const runToEndProgress = ref<{ tick: number; endTick: number } | null>(null);

  async function runAction(what: string, call: () => Promise<LabState>): Promise<void> {
    const state = await host.request(what, call);
    if (state !== undefined) host.adoptRunState(state);
  }

  const play = () => runAction('Run', () => labApi.play({}));
  const pause = () => runAction('Pause', () => labApi.pause({}));
  const togglePlay = () => (host.running.value ? pause() : play());
  const step = (ticks = 1) => runAction('Step', () => labApi.step({ ticks }));
  const setSpeed = (s: number | null) => runAction('Speed', () => labApi.setSpeed({ speed: s }));
  const cancelRun = () => runAction('Cancel', () => labApi.cancelRun({}));

  async function runToEnd(): Promise<void> {
    if (host.finished.value) return;
    runToEndProgress.value = { tick: host.tick.value, endTick: host.endTick.value };
    const state = await host.request('Run to end', () => labApi.runToEnd({}), { long: true });
    if (state === undefined || !state.running) runToEndProgress.value = null;
    if (state !== undefined) host.adoptRunState(state);
  }

  /** The `runProgress` event listener. */
  function onRunProgress(p: LabEvents['runProgress']): void {
    runToEndProgress.value = p.done || p.cancelled ? null : { tick: p.tick, endTick: p.endTick };
    if (p.cancelled) useNoticeStore().push('info', 'Run to end cancelled');
  }

  return { runToEndProgress, onRunProgress, play, pause, togglePlay, step, setSpeed, runToEnd, cancelRun };
}
