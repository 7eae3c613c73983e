import { watch } from 'vue';
import type { ScenarioEvent } from '../../../core/scenario/event-schema';
import { calloutText, eventsPassed } from '../logic/event-callouts';
import { useLabStore } from './lab-store';
import { useNoticeStore } from './notice-store';

/**
 * Wall milliseconds between two callouts at least: a fast run of a big lab passes an event
 * every few frames, and a callout each would flood the notices. Events passed meanwhile
 * are said together in the next one.
 */
export const calloutGapMs = 2000;

/**
 * Callouts at the moments that matter: when the clock passes scheduled events of the
 * scenario, a brief notice (it fades on its own, nothing waits for it) says what changed.
 * Quiet when the clock jumps (a new session, a reset, time travel back) and while the run
 * goes flat out or to the end, where events pass faster than anyone could read them. A new
 * session or a reset also takes away the callouts still shown: they name VMs and moments of a
 * run that is gone (one said behind the Open dialog waited there, and showed for six seconds
 * over the session opened). Returns the function that stops it.
 */
export function watchEventCallouts(): () => void {
  const lab = useLabStore();
  let waiting: ScenarioEvent[] = [];
  let lastMs = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The notices of the callouts said in this run. */
  let said: number[] = [];

  const say = (): void => {
    timer = null;
    const text = calloutText(waiting, (id) => lab.vmNames.get(id) ?? id);
    waiting = [];
    if (text === null) return;
    lastMs = Date.now();
    said.push(useNoticeStore().push('info', text));
  };

  const drop = (): void => {
    waiting = [];
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const unsay = (): void => {
    const notices = useNoticeStore();
    for (const id of said) notices.dismiss(id);
    said = [];
  };

  const stop = watch(
    () => [lab.epoch, lab.timeS] as const,
    ([epoch, timeS], [oldEpoch, oldTimeS]) => {
      if (epoch !== oldEpoch) unsay();
      // A new session, a reset or a jump back: what was waiting is no longer news.
      if (epoch !== oldEpoch || lab.scenario === null || timeS < oldTimeS) return drop();
      if (lab.runToEndProgress !== null || (lab.running && lab.speed === null)) return drop();
      waiting.push(...eventsPassed(lab.scenario.events, oldTimeS, timeS));
      if (waiting.length === 0 || timer !== null) return;
      const dueInMs = lastMs + calloutGapMs - Date.now();
      if (dueInMs <= 0) say();
      else timer = setTimeout(say, dueInMs);
    },
  );
  return () => {
    stop();
    drop();
  };
}
