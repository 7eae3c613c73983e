import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minFreeMiB } from '../../../core/host/min-free';

describe('minFreeMiB (ESXi sliding scale)', () => {
  it('matches the published example: 130607 MiB -> 1920.5 MiB', () => {
    expect(minFreeMiB(130607)).toBeCloseTo(1920.47, 2);
    expect(minFreeMiB(130607).toFixed(1)).toBe('1920.5');
  });

  it('applies 6% / 4% / 2% / 1% to the successive bands', () => {
    expect(minFreeMiB(4096)).toBeCloseTo(245.76, 6);
    expect(minFreeMiB(12288)).toBeCloseTo(245.76 + 327.68, 6);
    expect(minFreeMiB(16384)).toBeCloseTo(245.76 + 327.68 + 81.92, 6);
    expect(minFreeMiB(28672)).toBeCloseTo(245.76 + 327.68 + 327.68, 6);
    expect(minFreeMiB(262144)).toBeCloseTo(901.12 + 0.01 * (262144 - 28672), 6);
    expect(minFreeMiB(0)).toBe(0);
  });

  it('grows with host memory, never faster than 6%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000 }), fc.integer({ min: 1, max: 100_000 }), (a, d) => {
        const grow = minFreeMiB(a + d) - minFreeMiB(a);
        expect(grow).toBeGreaterThan(0);
        expect(grow).toBeLessThanOrEqual(0.06 * d + 1e-9);
        expect(grow).toBeGreaterThanOrEqual(0.01 * d - 1e-9);
      }),
    );
  });
});
