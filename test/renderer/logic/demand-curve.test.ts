import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadSchema, workloadKinds } from '../../../core/scenario/workload-schema';
import { demandCurve } from '../../../renderer/src/logic/demand-curve';
import { switchWorkloadKind } from '../../../renderer/src/logic/workload-defaults';

describe('demand curve preview', () => {
  it('follows a ramp between its start and end', () => {
    const w = workloadSchema.parse({
      kind: 'ramp',
      fromMiB: 1000,
      toMiB: 2000,
      startS: 100,
      overS: 200,
      activePct: 50,
    });
    const c = demandCurve(w, 400, 5, 1); // t = 0, 100, 200, 300, 400
    expect(c.demandMiB).toEqual([1000, 1000, 1500, 2000, 2000]);
    expect(c.activeMiB).toEqual([500, 500, 750, 1000, 1000]);
  });

  it('repeats phases and holds trace samples until the next one', () => {
    const phases = workloadSchema.parse({
      kind: 'phases',
      phases: [
        { durationS: 10, demandMiB: 100 },
        { durationS: 10, demandMiB: 300 },
      ],
    });
    expect(demandCurve(phases, 40, 5, 1).demandMiB).toEqual([100, 300, 100, 300, 100]);
    const trace = workloadSchema.parse({
      kind: 'trace',
      samples: [
        { atS: 0, demandMiB: 5 },
        { atS: 15, demandMiB: 9 },
      ],
    });
    expect(demandCurve(trace, 20, 3, 1).demandMiB).toEqual([5, 5, 9]);
  });

  it('oscillates a sine around its mean and never goes below zero', () => {
    const w = workloadSchema.parse({ kind: 'sine', meanMiB: 100, amplitudeMiB: 300, periodS: 40 });
    const c = demandCurve(w, 40, 5, 1);
    expect(c.demandMiB[0]).toBeCloseTo(100);
    expect(c.demandMiB[1]).toBeCloseTo(400);
    expect(c.demandMiB[3]).toBe(0);
  });

  it('is stable for a seed and stays within each kind bounds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...workloadKinds),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 2, max: 300 }),
        fc.nat(),
        (kind, durationS, points, seed) => {
          const w = switchWorkloadKind(undefined, kind);
          const a = demandCurve(w, durationS, points, seed);
          expect(a).toEqual(demandCurve(w, durationS, points, seed));
          expect(a.demandMiB).toHaveLength(points);
          expect(a.timeS[points - 1]).toBeCloseTo(durationS);
          a.demandMiB.forEach((d, i) => {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(a.activeMiB[i]).toBeLessThanOrEqual(d + 1e-9);
          });
        },
      ),
    );
  });
});
