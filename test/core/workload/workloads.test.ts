import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWorkload } from '../../../core/workload/create-workload';
import { workloadSchema, type WorkloadSpec } from '../../../core/scenario/workload-schema';
import { CONTENT_OS, CONTENT_ZERO } from '../../../core/memory/page-codes';
import { contentForPage, contentMixOf } from '../../../core/workload/content-mix';

const w = (input: unknown): WorkloadSpec => workloadSchema.parse(input);

describe('workloads as pure functions of time', () => {
  it('steady and idle hold their demand and active share', () => {
    const s = createWorkload(w({ kind: 'steady', demandMiB: 1000, activePct: 40 }), 1);
    expect(s.at(0)).toEqual({ demandPages: 256000, activePages: 102400 });
    expect(s.at(5000)).toEqual(s.at(0));
    expect(createWorkload(w({ kind: 'idle' }), 1).at(10)).toEqual({ demandPages: 65536, activePages: 1311 });
  });

  it('ramp moves linearly between startS and startS + overS', () => {
    const r = createWorkload(
      w({ kind: 'ramp', fromMiB: 100, toMiB: 300, startS: 10, overS: 100, activePct: 50 }),
      1,
    );
    expect(r.at(0).demandPages).toBe(100 * 256);
    expect(r.at(60).demandPages).toBe(200 * 256);
    expect(r.at(60).activePages).toBe(100 * 256);
    expect(r.at(1e6).demandPages).toBe(300 * 256);
  });

  it('phases step through and repeat (or hold the last phase)', () => {
    const phases = [
      { durationS: 10, demandMiB: 100, activePct: 10 },
      { durationS: 20, demandMiB: 200, activePct: 20 },
    ];
    const rep = createWorkload(w({ kind: 'phases', phases }), 1);
    expect(rep.at(9.9).demandPages).toBe(25600);
    expect(rep.at(10).demandPages).toBe(51200);
    expect(rep.at(31).demandPages).toBe(25600);
    const hold = createWorkload(w({ kind: 'phases', phases, repeat: false }), 1);
    expect(hold.at(1000).demandPages).toBe(51200);
  });

  it('sine oscillates around its mean and never goes negative', () => {
    const s = createWorkload(w({ kind: 'sine', meanMiB: 100, amplitudeMiB: 200, periodS: 40 }), 1);
    expect(s.at(0).demandPages).toBe(25600);
    expect(s.at(10).demandPages).toBe(300 * 256);
    expect(s.at(30).demandPages).toBe(0);
  });

  it('trace holds each sample until the next', () => {
    const t = createWorkload(
      w({
        kind: 'trace',
        samples: [
          { atS: 5, demandMiB: 10 },
          { atS: 20, demandMiB: 30, activePct: 100 },
        ],
      }),
      1,
    );
    expect(t.at(0).demandPages).toBe(2560);
    expect(t.at(19).demandPages).toBe(2560);
    expect(t.at(20)).toEqual({ demandPages: 7680, activePages: 7680 });
  });

  it('bursty draws its gaps from its seed: same seed same bursts in any query order, mean gap as asked', () => {
    const spec = w({ kind: 'bursty', baseMiB: 100, burstMiB: 400, meanGapS: 50, burstS: 10 });
    const a = createWorkload(spec, 7);
    const forward = Array.from({ length: 2000 }, (_, i) => a.at(i * 5).demandPages);
    const b = createWorkload(spec, 7);
    const backward = Array.from({ length: 2000 }, (_, i) => b.at((1999 - i) * 5).demandPages).reverse();
    expect(backward).toEqual(forward);
    const other = createWorkload(spec, 8);
    expect(Array.from({ length: 2000 }, (_, i) => other.at(i * 5).demandPages)).not.toEqual(forward);
    // Share of time in bursts ~ burstS / (burstS + meanGapS) = 1/6.
    const busy = Array.from({ length: 100_000 }, (_, i) => a.at(i)).filter(
      (x) => x.demandPages === 500 * 256,
    ).length;
    expect(busy / 100_000).toBeGreaterThan(0.12);
    expect(busy / 100_000).toBeLessThan(0.21);
  });

  it('never demands a negative amount nor more active pages than demanded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        (activePct, mib, t) => {
          for (const kind of ['steady', 'idle', 'sine'] as const) {
            const x = createWorkload(
              w({ kind, activePct, ...(kind === 'sine' ? { meanMiB: mib } : { demandMiB: mib }) }),
              3,
            ).at(t);
            expect(x.demandPages).toBeGreaterThanOrEqual(0);
            expect(x.activePages).toBeLessThanOrEqual(x.demandPages);
          }
        },
      ),
    );
  });
});

describe('content mix', () => {
  it('lays out zero, OS and unique pages in the asked proportions, the same for every VM', () => {
    const mix = contentMixOf(w({ kind: 'steady', zeroPct: 20, osPct: 30 }));
    let zero = 0;
    let os = 0;
    for (let p = 0; p < 100_000; p++) {
      const c = contentForPage(p, mix);
      if (c === CONTENT_ZERO) zero++;
      if (c === CONTENT_OS) os++;
    }
    expect(zero / 1e5).toBeCloseTo(0.2, 1);
    expect(os / 1e5).toBeCloseTo(0.3, 1);
    expect(contentForPage(1234, mix)).toBe(contentForPage(1234, mix));
  });
});
