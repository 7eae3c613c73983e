import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SampleClock } from '../../../core/trace/sample-clock';

/**
 * The rule in whole numbers, free of floating point: tick t is a sample when a multiple of the
 * interval falls in ((t-1) * tickMs, t * tickMs], or when t is the last tick.
 */
function exactIsSample(t: number, tickMs: number, everyS: number, endTick: number): boolean {
  if (t <= 0) return false;
  const everyMs = everyS * 1000;
  return t >= endTick || Math.floor((t * tickMs) / everyMs) > Math.floor(((t - 1) * tickMs) / everyMs);
}

describe('SampleClock', () => {
  it('samples at every multiple of the interval and at the end of the run', () => {
    // 0.5 s ticks, every 5 s, 12.5 s run: 5 s, 10 s and the end.
    const clock = new SampleClock(500, 5, 25);
    const ticks = Array.from({ length: 26 }, (_, t) => t).filter((t) => clock.isSampleTick(t));
    expect(ticks).toEqual([10, 20, 25]);
  });

  it('never samples tick 0, and always samples the last tick', () => {
    const clock = new SampleClock(1000, 3600, 10);
    expect(clock.isSampleTick(0)).toBe(false);
    expect(clock.isSampleTick(9)).toBe(false);
    expect(clock.isSampleTick(10)).toBe(true);
    expect(clock.nextAfter(0)).toBe(10);
    expect(clock.nextAfter(10)).toBe(10);
  });

  it('matches the whole-number rule, and nextAfter walks the sample ticks in turn', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 60_000 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 1, max: 400 }),
        (tickMs, everyS, endTick) => {
          const clock = new SampleClock(tickMs, everyS, endTick);
          const expected: number[] = [];
          for (let t = 0; t <= endTick; t++) {
            const exact = exactIsSample(t, tickMs, everyS, endTick);
            expect(clock.isSampleTick(t)).toBe(exact);
            if (exact) expected.push(t);
          }
          const walked: number[] = [];
          for (let t = clock.nextAfter(0); walked.length < expected.length; t = clock.nextAfter(t))
            walked.push(t);
          expect(walked).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps to the whole-number rule deep into a 30-day run of 100 ms ticks', () => {
    const endTick = 30 * 24 * 36_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 250 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 1, max: endTick - 500 }),
        (tickMs, everyS, from) => {
          const clock = new SampleClock(tickMs, everyS, endTick);
          let next = from;
          for (let t = from; t < from + 500; t++) {
            expect(clock.isSampleTick(t)).toBe(exactIsSample(t, tickMs, everyS, endTick));
            if (next <= t) {
              next = t + 1;
              while (!exactIsSample(next, tickMs, everyS, endTick)) next++;
            }
            expect(clock.nextAfter(t)).toBe(next);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
