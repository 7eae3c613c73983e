import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSampleTick } from '../../../electron/cli/run-scenario';
import { SampleClock } from '../../../electron/worker/sample-clock';

describe('sample clock', () => {
  it('picks the same ticks as the headless CLI, and nextAfter finds each one in turn', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 5000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 400 }),
        (tickMs, everyS, endTick) => {
          const clock = new SampleClock(tickMs, everyS, endTick);
          const expected: number[] = [];
          for (let t = 1; t <= endTick; t++) {
            const cli = isSampleTick(((t - 1) * tickMs) / 1000, (t * tickMs) / 1000, everyS, t >= endTick);
            expect(clock.isSampleTick(t)).toBe(cli);
            if (cli) expected.push(t);
          }
          const walked: number[] = [];
          for (let t = clock.nextAfter(0); walked.length < expected.length; t = clock.nextAfter(t))
            walked.push(t);
          expect(walked).toEqual(expected);
          expect(clock.isSampleTick(0)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
