import { describe, expect, it } from 'vitest';
import {
  compareEventTimes,
  eventTimeS,
  eventWhen,
  formatEventClock,
} from '../../../renderer/src/logic/event-time';

describe('event times in the editor', () => {
  it('shows a time only for a number of seconds, never 00:00:00 for text being typed', () => {
    expect(formatEventClock(60)).toBe('00:01:00');
    expect(formatEventClock(0)).toBe('00:00:00');
    for (const notATime of ['1m', '', 'abc', -5, Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) {
      expect(eventTimeS(notATime), String(notATime)).toBeNull();
      expect(formatEventClock(notATime), String(notATime)).toBe('—');
    }
    expect(eventWhen(300)).toBe('at 00:05:00');
    expect(eventWhen('5 min')).toBe('with no valid time');
  });

  it('sorts events without a time after the others, ties in scenario order', () => {
    const rows = [
      { atS: null, index: 0 },
      { atS: 300, index: 1 },
      { atS: 0, index: 2 },
      { atS: null, index: 3 },
      { atS: 0, index: 4 },
    ];
    expect([...rows].sort(compareEventTimes).map((r) => r.index)).toEqual([2, 4, 1, 0, 3]);
  });
});
