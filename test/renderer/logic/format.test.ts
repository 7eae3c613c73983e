import { describe, expect, it } from 'vitest';
import { formatClock, formatMiB, formatPercent, groupThousands } from '../../../renderer/src/logic/format';

describe('formatting', () => {
  it('shows simulated time as hh:mm:ss, past a day too', () => {
    expect(formatClock(0)).toBe('00:00:00');
    expect(formatClock(3599.9)).toBe('00:59:59');
    expect(formatClock(3661)).toBe('01:01:01');
    expect(formatClock(90_000)).toBe('25:00:00');
    expect(formatClock(-5)).toBe('00:00:00');
  });

  it('rounds MiB by magnitude', () => {
    expect(formatMiB(0)).toBe('0');
    expect(formatMiB(0.25)).toBe('0.25');
    expect(formatMiB(12.34)).toBe('12.3');
    expect(formatMiB(130607.4)).toBe('130,607');
    expect(formatMiB(Number.NaN)).toBe('–');
  });

  it('shows percentages without noise', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.876)).toBe('87.6%');
    expect(formatPercent(0)).toBe('0%');
  });
});

describe('groupThousands', () => {
  it('writes integers as en-US does, commas between thousands', () => {
    const cases = [
      0,
      7,
      -7,
      100,
      999,
      1000,
      -1000,
      12_345,
      999_999,
      1_000_000,
      -130_607,
      2 ** 40,
      Number.MAX_SAFE_INTEGER,
    ];
    for (const n of cases) expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
  });
});
