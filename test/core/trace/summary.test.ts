import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SummaryAccumulator } from '../../../core/trace/summary';
import { vmsCsvHeader } from '../../../core/trace/trace-columns';
import { engineVersion } from '../../../core/engine/engine-version';
import { hostStates } from '../../../core/model/counters';
import type { HostCounters } from '../../../core/model/counters';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';

const info = { scenario: 'lab', seed: 7, durationS: 4 };

/** Host counters at `timeS` (one tick per second). */
const hostAt = (timeS: number, o: Partial<HostCounters> = {}) =>
  zeroHostCounters({ tick: timeS, timeS, ...o });

describe('SummaryAccumulator', () => {
  it('produces the docs/glossary.md#summaryjson shape with keys in a fixed order', () => {
    const acc = new SummaryAccumulator(info);
    acc.add(hostAt(1), [zeroVmCounters('b'), zeroVmCounters('a')]);
    const s = acc.finish();
    expect(Object.keys(s)).toEqual(['scenario', 'seed', 'durationS', 'engineVersion', 'host', 'vms']);
    expect(s).toMatchObject({ scenario: 'lab', seed: 7, durationS: 4, engineVersion });
    expect(Object.keys(s.host)).toEqual([
      'minFreeMiB',
      'pmemMiB',
      'overcommit',
      'timeInStateS',
      'freeMiB',
      'shrdsvdMiB',
      'mctlszMiB',
      'swcurMiB',
      'zipMiB',
    ]);
    expect(Object.keys(s.host.timeInStateS)).toEqual([...hostStates]);
    expect(Object.keys(s.vms)).toEqual(['a', 'b']);
    expect(Object.keys(s.vms['a']!)).toEqual([
      'final',
      'mean',
      'perfIndexMean',
      'perfIndexMin',
      'swapInMiB',
      'guestSwapInMiB',
      'poweredOn',
      'poweredOnS',
    ]);
    expect(Object.keys(s.vms['a']!.final)).toEqual(vmsCsvHeader.slice(2));
    expect(Object.keys(s.vms['a']!.mean!)).toEqual(vmsCsvHeader.slice(2));
  });

  it('counts time in each host state, the lowest free memory and peaks', () => {
    const acc = new SummaryAccumulator(info);
    acc.add(hostAt(1, { state: 'high', freeMiB: 3000 }), []);
    acc.add(hostAt(2, { state: 'soft', freeMiB: 300, mctlszMiB: 900 }), []);
    acc.add(hostAt(3, { state: 'hard', freeMiB: 100, mctlszMiB: 1200, swcurMiB: 50 }), []);
    acc.add(
      hostAt(4, { state: 'soft', freeMiB: 350, mctlszMiB: 1300, swcurMiB: 40, minFreeMiB: 655.36 }),
      [],
    );
    const { host } = acc.finish();
    expect(host.timeInStateS).toEqual({ high: 1, clear: 0, soft: 2, hard: 1, low: 0 });
    expect(host.freeMiB).toEqual({ min: 100, mean: 937.5, max: 3000, final: 350 });
    expect(host.mctlszMiB.max).toBe(1300);
    expect(host.swcurMiB).toEqual({ min: 0, mean: 22.5, max: 50, final: 40 });
    expect(host.minFreeMiB).toBe(655.36);
  });

  it('weights means by the time each sample covers, so sparse samples agree with dense ones', () => {
    const dense = new SummaryAccumulator(info);
    for (let t = 1; t <= 4; t++)
      dense.add(hostAt(t, { freeMiB: t <= 2 ? 1000 : 2000 }), [
        zeroVmCounters('a', { perfIndex: t <= 2 ? 1 : 0.5 }),
      ]);
    const sparse = new SummaryAccumulator(info);
    sparse.add(hostAt(2, { freeMiB: 1000 }), [zeroVmCounters('a', { perfIndex: 1 })]);
    sparse.add(hostAt(4, { freeMiB: 2000 }), [zeroVmCounters('a', { perfIndex: 0.5 })]);
    expect(sparse.finish()).toEqual(dense.finish());
    expect(dense.finish().vms['a']!.perfIndexMean).toBe(0.75);
  });

  it('integrates swap-in rates into MiB and averages VMs only while powered on', () => {
    const acc = new SummaryAccumulator(info);
    acc.add(hostAt(1), [zeroVmCounters('a', { poweredOn: false, perfIndex: 0, memszMiB: 4096 })]);
    acc.add(hostAt(2), [zeroVmCounters('a', { swrMiBps: 4, guestSwapInMiBps: 1, perfIndex: 0.8 })]);
    acc.add(hostAt(4), [zeroVmCounters('a', { swrMiBps: 2, guestSwapInMiBps: 0.5, perfIndex: 0.9 })]);
    const a = acc.finish().vms['a']!;
    expect(a.swapInMiB).toBe(4 + 2 * 2);
    expect(a.guestSwapInMiB).toBe(1 + 0.5 * 2);
    expect(a.poweredOnS).toBe(3);
    expect(a.perfIndexMean).toBe(Number(((0.8 + 0.9 * 2) / 3).toFixed(4)));
    expect(a.perfIndexMin).toBe(0.8);
    expect(a.final['swr_mibps']).toBe(2);
    expect(a.poweredOn).toBe(true);
  });

  it('reports a VM that never ran with null means', () => {
    const acc = new SummaryAccumulator(info);
    acc.add(hostAt(1), [zeroVmCounters('off', { poweredOn: false })]);
    const off = acc.finish().vms['off']!;
    expect(off).toMatchObject({
      mean: null,
      perfIndexMean: null,
      perfIndexMin: null,
      poweredOn: false,
      poweredOnS: 0,
    });
  });

  it('rounds like the CSV columns and serializes identically for identical input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (frees) => {
          const run = () => {
            const acc = new SummaryAccumulator(info);
            frees.forEach((f, i) =>
              acc.add(hostAt(i + 1, { freeMiB: f }), [
                zeroVmCounters('a', { consumedMiB: f / 3, perfIndex: 1 / (1 + f) }),
              ]),
            );
            return JSON.stringify(acc.finish());
          };
          const json = run();
          expect(run()).toBe(json);
          const s = JSON.parse(json);
          for (const v of [s.host.freeMiB.mean, s.vms.a.mean.consumed_mib])
            expect(Math.round(v * 1000) / 1000).toBe(v);
          expect(Math.round(s.vms.a.perfIndexMean * 10_000) / 10_000).toBe(s.vms.a.perfIndexMean);
        },
      ),
    );
  });
});
