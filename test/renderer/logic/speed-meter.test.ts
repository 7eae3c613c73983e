import { describe, expect, it } from 'vitest';
import { fallsShort, formatSpeed, SpeedMeter } from '../../../renderer/src/logic/speed-meter';

describe('reached speed', () => {
  it('is simulated seconds per wall second over the last seconds', () => {
    const m = new SpeedMeter();
    expect(m.reached()).toBeNull();
    // 10x for 5 s of wall time, then 60x.
    for (let ms = 0; ms <= 5000; ms += 100) m.add(ms, ms / 100);
    expect(m.reached()).toBeCloseTo(10);
    for (let ms = 5100; ms <= 9000; ms += 100) m.add(ms, 50 + ((ms - 5000) / 1000) * 60);
    expect(m.reached()).toBeCloseTo(60, 0);
  });

  it('starts over when time goes back (a reset) and says nothing from too little', () => {
    const m = new SpeedMeter();
    m.add(0, 100);
    m.add(1000, 160);
    expect(m.reached()).toBeCloseTo(60);
    m.add(1100, 0);
    m.add(1200, 1);
    expect(m.reached()).toBeNull();
    m.clear();
    expect(m.reached()).toBeNull();
  });

  it('is shown compactly and flagged when clearly short of the request', () => {
    expect(formatSpeed(9.64)).toBe('9.6x');
    expect(formatSpeed(58.7)).toBe('59x');
    expect(formatSpeed(151.2)).toBe('151x');
    expect(fallsShort(10, 60)).toBe(true);
    expect(fallsShort(55, 60)).toBe(false);
    expect(fallsShort(10, null)).toBe(false);
  });
});
