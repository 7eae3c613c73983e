import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextHostState, rawHostState, stateIndex } from '../../../core/host/host-state';
import { hostStates } from '../../../core/model/counters';

const t = { clear: 100, soft: 64, hard: 32, low: 16 };
const minFree = 1000;

describe('free-memory states', () => {
  it('engages each state below its threshold (percent of minFree)', () => {
    expect(rawHostState(1000, minFree, t)).toBe('high');
    expect(rawHostState(999, minFree, t)).toBe('clear');
    expect(rawHostState(640, minFree, t)).toBe('clear');
    expect(rawHostState(639, minFree, t)).toBe('soft');
    expect(rawHostState(319, minFree, t)).toBe('hard');
    expect(rawHostState(159, minFree, t)).toBe('low');
    expect(rawHostState(0, minFree, t)).toBe('low');
  });

  it('drops at once but rises only past threshold + hysteresis', () => {
    expect(nextHostState('high', 300, minFree, t, 4)).toBe('hard');
    expect(nextHostState('soft', 660, minFree, t, 4)).toBe('soft');
    expect(nextHostState('soft', 680, minFree, t, 4)).toBe('clear');
    expect(nextHostState('low', 170, minFree, t, 4)).toBe('low');
    expect(nextHostState('low', 199, minFree, t, 4)).toBe('low'); // below 16 + 4 %
    expect(nextHostState('low', 200, minFree, t, 4)).toBe('hard');
    expect(nextHostState('hard', 2000, minFree, t, 4)).toBe('high');
  });

  it('never reports a state better than free memory allows, nor flaps inside the hysteresis band', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...hostStates),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 20 }),
        (s, free, h) => {
          const next = nextHostState(s, free, minFree, t, h);
          expect(stateIndex(next)).toBeGreaterThanOrEqual(stateIndex(rawHostState(free, minFree, t)));
          // A second evaluation at the same free memory keeps the state.
          expect(nextHostState(next, free, minFree, t, h)).toBe(next);
        },
      ),
    );
  });
});
