import { describe, expect, it } from 'vitest';
import { throttle } from '../../../../renderer/src/components/charts/throttle';

function fakeClock() {
  let now = 0;
  const timers: { at: number; cb: () => void }[] = [];
  return {
    now: () => now,
    schedule: (cb: () => void, ms: number) => {
      const t = { at: now + ms, cb };
      timers.push(t);
      return t;
    },
    unschedule: (h: unknown) => {
      const i = timers.indexOf(h as { at: number; cb: () => void });
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      now += ms;
      for (const t of [...timers].sort((a, b) => a.at - b.at)) {
        if (t.at <= now) {
          timers.splice(timers.indexOf(t), 1);
          t.cb();
        }
      }
    },
  };
}

describe('throttle', () => {
  it('runs at once, then at most once per interval with one trailing run', () => {
    const c = fakeClock();
    let runs = 0;
    const f = throttle(() => (runs += 1), 250, c.now, c.schedule, c.unschedule);
    f();
    expect(runs).toBe(1);
    for (let i = 0; i < 30; i += 1) {
      c.advance(10);
      f();
    }
    // 300 ms of calls every 10 ms: the leading run, one at 250 ms, one pending.
    expect(runs).toBe(2);
    c.advance(250);
    expect(runs).toBe(3);
    c.advance(1000);
    expect(runs).toBe(3);
  });

  it('cancel drops the pending run', () => {
    const c = fakeClock();
    let runs = 0;
    const f = throttle(() => (runs += 1), 100, c.now, c.schedule, c.unschedule);
    f();
    f();
    f.cancel();
    c.advance(500);
    expect(runs).toBe(1);
  });
});
