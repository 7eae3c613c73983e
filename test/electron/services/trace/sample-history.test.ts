import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartHistoryOf } from '../../../../core/lab-api/chart-history';
import { hostRow, vmRow } from '../../../../core/trace/trace-columns';
import { SampleHistory } from '../../../../electron/services/trace/sample-history';
import { SampleBatch } from '../../../../electron/worker/sample-layout';
import { hostAt, vmsAt } from './frame-fixtures';

function storeWith(ticks: readonly number[], vmCount: number): SampleHistory {
  const store = new SampleHistory();
  store.reset();
  // Several batches, as the worker sends them.
  for (let i = 0; i < ticks.length; i += 7) {
    const batch = new SampleBatch(vmCount);
    for (const t of ticks.slice(i, i + 7)) batch.add(hostAt(t), vmsAt(t, vmCount));
    store.append(batch.take()!);
  }
  return store;
}

describe('history store', () => {
  it('gives back every sample exactly as packed', () => {
    const store = storeWith([1, 2, 3, 10, 11], 3);
    expect(store.length).toBe(5);
    expect(store.sample(3)).toEqual({ timeS: 10, host: hostAt(10), vms: vmsAt(10, 3) });
    expect(store.vmIdList).toEqual(['vm00', 'vm01', 'vm02']);
  });

  it('packs the samples up to a time for a session file saved then, whatever came after', () => {
    const store = storeWith([1, 2, 3, 10, 11], 2);
    const all = store.packed();
    expect(all.rows).toBe(5);
    const upTo = store.packed(10);
    expect(upTo.rows).toBe(4);
    expect([...upTo.data]).toEqual([...all.data.subarray(0, upTo.data.length)]);
    expect(store.packed(0.5).rows).toBe(0);
    expect(store.packed(99).rows).toBe(5);
  });

  it('decimates to at most maxPoints, evenly, keeping the first and the latest sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.integer({ min: 2, max: 300 }), (count, maxPoints) => {
        const store = storeWith(
          Array.from({ length: count }, (_, i) => i + 1),
          1,
        );
        const { samples, stride } = store.decimated(maxPoints);
        expect(samples.length).toBeLessThanOrEqual(Math.max(maxPoints, 1));
        expect(samples[0]!.timeS).toBe(1);
        expect(samples.at(-1)!.timeS).toBe(count);
        for (let i = 1; i < samples.length - 1; i++)
          expect(samples[i]!.timeS - samples[i - 1]!.timeS).toBe(stride);
        if (count <= maxPoints) expect(samples).toHaveLength(count);
      }),
      { numRuns: 60 },
    );
  });

  it("hands the charts their series column by column: the decimated samples' plotted counters, gaps where a VM is off", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 1, max: 4 }),
        (count, maxPoints, vmCount) => {
          const store = new SampleHistory();
          const batch = new SampleBatch(vmCount);
          for (let t = 1; t <= count; t++) {
            // VM 0 powers on at tick 5 and off again after tick 300.
            const vms = vmsAt(t, vmCount).map((vm, i) =>
              i === 0 && (t < 5 || t > 300) ? { ...vm, poweredOn: false } : vm,
            );
            batch.add(hostAt(t), vms);
          }
          const packed = batch.take();
          if (packed !== null) store.append(packed);
          const { samples, stride } = store.decimated(maxPoints);
          const chart = store.chartHistory(maxPoints);
          expect(chart).toEqual(chartHistoryOf(samples, stride));
          const grant = chart.vms[0]?.series.grantMiB ?? new Float64Array(0);
          expect(Array.from(grant, (v) => !Number.isNaN(v))).toEqual(samples.map((x) => x.vms[0]!.poweredOn));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('generates CSV rows for a time range on the fly', () => {
    const store = storeWith([5, 10, 15, 20, 25], 2);
    expect([...store.hostRows(10, 20)]).toEqual([
      hostRow(hostAt(10)),
      hostRow(hostAt(15)),
      hostRow(hostAt(20)),
    ]);
    const vms = [...store.vmRows(20)];
    expect(vms).toEqual([...vmsAt(20, 2).map((v) => vmRow(20, v)), ...vmsAt(25, 2).map((v) => vmRow(25, v))]);
    expect([...store.hostRows(26, 30)]).toEqual([]);
    expect(store.range()).toEqual([0, 5]);
  });

  it('refuses samples of a different VM set within one run', () => {
    const store = storeWith([1], 2);
    const other = new SampleBatch(3);
    other.add(hostAt(2), vmsAt(2, 3));
    expect(() => store.append(other.take()!)).toThrow(/different VM set/);
  });
});
