import { describe, expect, it } from 'vitest';
import {
  bandRects,
  computeStateBands,
  thresholdMiB,
} from '../../../../renderer/src/components/charts/state-bands';

describe('host state bands', () => {
  it('turns runs of equal state into bands that tile the time axis', () => {
    const time = [0, 10, 20, 30, 40, 50];
    const state = [0, 0, 2, 2, 3, 0]; // high high soft soft hard high
    expect(computeStateBands(time, state, 6)).toEqual([
      { state: 'high', fromS: 0, toS: 20 },
      { state: 'soft', fromS: 20, toS: 40 },
      { state: 'hard', fromS: 40, toS: 50 },
      { state: 'high', fromS: 50, toS: 50 },
    ]);
  });

  it('keeps a one-sample dip, whatever the run length', () => {
    const n = 3600;
    const time = Array.from({ length: n }, (_, i) => i);
    const state = new Uint8Array(n);
    state[2000] = 4;
    const bands = computeStateBands(time, state, n);
    expect(bands.map((b) => b.state)).toEqual(['high', 'low', 'high']);
    expect(bands[1]).toEqual({ state: 'low', fromS: 2000, toS: 2001 });
  });

  it('is empty without samples', () => {
    expect(computeStateBands([], [], 0)).toEqual([]);
  });

  it('maps bands to pixels inside the plot area, at least one pixel wide', () => {
    const bands = computeStateBands([0, 100, 100.01, 200], [0, 1, 0, 0], 4);
    const rects = bandRects(bands, (t) => 50 + t * 2, 60, 400);
    expect(rects[0]).toEqual({ state: 'high', x: 60, width: 190 });
    expect(rects[1]?.state).toBe('clear');
    expect(rects[1]?.width).toBe(1);
    expect(rects.every((r) => r.x >= 60 && r.x + r.width <= 400)).toBe(true);
  });

  it('threshold lines are percentages of minFree', () => {
    expect(thresholdMiB(1920.5, 64)).toBeCloseTo(1229.12);
  });
});
