import { chartHistoryOf } from '../../../core/lab-api/chart-history';
import fc from 'fast-check';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { isReactive } from 'vue';
import {
  defaultThresholdsPct,
  buildHostFreeChart,
} from '../../../renderer/src/components/charts/host-free-data';
import { chartTheme } from '../../../renderer/src/components/charts/chart-theme';
import { minMaxIndices, pick, points } from '../../../renderer/src/components/charts/decimate';
import { useHistoryStore } from '../../../renderer/src/stores/history-store';
import { HistoryColumns, hostSeriesKeys, vmSeriesKeys } from '../../../renderer/src/stores/history-columns';
import { zeroVmCounters } from '../../support/counter-fixtures';
import { sample } from '../components/charts/trace-fixtures';

describe('useHistoryStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps samples column by column and bumps the version', () => {
    const store = useHistoryStore();
    const v0 = store.version;
    store.append([
      sample(0, [zeroVmCounters('a', { perfIndex: 1 }), zeroVmCounters('b')]),
      sample(1, [zeroVmCounters('a', { perfIndex: 0.5 }), zeroVmCounters('b')], 'soft', 700),
    ]);
    expect(store.version).toBe(v0 + 1);
    expect(store.length).toBe(2);
    const cols = store.columns;
    expect(Array.from(cols.timeSeries())).toEqual([0, 1]);
    expect(Array.from(cols.hostSeries('freeMiB'))).toEqual([8000, 700]);
    expect(Array.from(cols.stateSeries())).toEqual([0, 2]);
    expect(Array.from(cols.vmSeries('a', 'perfIndex') ?? [])).toEqual([1, 0.5]);
    expect(cols.vmIds()).toEqual(['a', 'b']);
    expect(isReactive(store.columns)).toBe(false);
  });

  it('ignores an empty batch', () => {
    const store = useHistoryStore();
    const v0 = store.version;
    store.append([]);
    expect(store.version).toBe(v0);
  });

  it('grows past its initial capacity without losing samples', () => {
    const store = useHistoryStore();
    const n = 5000;
    for (let t = 0; t < n; t += 100)
      store.append(
        Array.from({ length: 100 }, (_, i) => sample(t + i, [zeroVmCounters('a', { grantMiB: t + i })])),
      );
    const grant = store.columns.vmSeries('a', 'grantMiB') ?? new Float64Array(0);
    expect(grant.length).toBe(n);
    expect(grant[0]).toBe(0);
    expect(grant[n - 1]).toBe(n - 1);
    expect(store.columns.timeSeries()[n - 1]).toBe(n - 1);
  });

  it('gives a VM that appears mid-run gaps (NaN), not zeros, before it existed', () => {
    const store = useHistoryStore();
    store.append([
      sample(0, [zeroVmCounters('a')]),
      sample(1, [zeroVmCounters('a'), zeroVmCounters('late', { grantMiB: 7 })]),
    ]);
    const late = store.columns.vmSeries('late', 'grantMiB');
    expect(Number.isNaN(late?.[0])).toBe(true);
    expect(late?.[1]).toBe(7);
  });

  it('drops the newer tail when time goes back (a reset on the Node side)', () => {
    const store = useHistoryStore();
    store.append([0, 1, 2, 3, 4].map((t) => sample(t)));
    store.append([sample(2, [zeroVmCounters('a', { grantMiB: 42 })])]);
    expect(Array.from(store.columns.timeSeries())).toEqual([0, 1, 2]);
    expect(store.columns.vmSeries('a', 'grantMiB')?.[2]).toBe(42);
    expect(Number.isNaN(store.columns.vmSeries('b', 'grantMiB')?.[2])).toBe(true);
  });

  it('a loaded chart history gives the same columns as its samples appended, and grows from there', () => {
    const samples = [0, 1, 2, 3].map((t) =>
      sample(t, [
        zeroVmCounters('a', { grantMiB: t, poweredOn: t > 0 }),
        zeroVmCounters('b', { perfIndex: t / 4 }),
      ]),
    );
    const loaded = useHistoryStore();
    loaded.replace(chartHistoryOf(samples));
    const appended = new HistoryColumns();
    appended.append(samples);
    for (const id of ['a', 'b'])
      for (const key of vmSeriesKeys)
        expect(loaded.columns.vmSeries(id, key)).toEqual(appended.vmSeries(id, key));
    for (const key of hostSeriesKeys)
      expect(loaded.columns.hostSeries(key)).toEqual(appended.hostSeries(key));
    expect(loaded.columns.stateSeries()).toEqual(appended.stateSeries());
    expect(Number.isNaN(loaded.columns.vmSeries('a', 'grantMiB')![0]!)).toBe(true);
    loaded.append([sample(4, [zeroVmCounters('a', { grantMiB: 4 }), zeroVmCounters('b')])]);
    expect(Array.from(loaded.columns.vmSeries('a', 'grantMiB')!).slice(1)).toEqual([1, 2, 3, 4]);
  });

  it('replace() swaps in a loaded history and reset() empties it', () => {
    const store = useHistoryStore();
    store.append([sample(0), sample(1)]);
    const before = store.columns;
    store.replace(chartHistoryOf([sample(10), sample(20), sample(30)], 10));
    expect(store.columns).not.toBe(before);
    expect(Array.from(store.columns.timeSeries())).toEqual([10, 20, 30]);
    expect(store.stride).toBe(10);
    store.reset();
    expect(store.length).toBe(0);
    expect(store.columns.vmIds()).toEqual([]);
  });
});

describe('decimation for display', () => {
  it('keeps first, last and every series minimum and maximum, in order, within the budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 600,
        }),
        fc.integer({ min: 1, max: 50 }),
        (rows, buckets) => {
          const n = rows.length;
          const series = [0, 1, 2].map((s) => Float64Array.from(rows, (r) => r[s] ?? 0));
          const idx = Array.from(minMaxIndices(series, n, buckets));
          expect(idx[0]).toBe(0);
          expect(idx[idx.length - 1]).toBe(n - 1);
          for (let k = 1; k < idx.length; k += 1) expect(idx[k]).toBeGreaterThan(idx[k - 1] ?? -1);
          expect(idx.length).toBeLessThanOrEqual(Math.max(n, 0) <= 2 * buckets + 2 ? n : 2 * 3 * buckets + 2);
          for (const ys of series) {
            const kept = idx.map((i) => ys[i] ?? 0);
            expect(Math.max(...kept)).toBe(Math.max(...ys));
            expect(Math.min(...kept)).toBe(Math.min(...ys));
          }
        },
      ),
    );
  });

  it('keeps a one-sample spike in an hour of samples', () => {
    const n = 3600;
    const ys = new Float64Array(n).fill(10);
    ys[1234] = 9000;
    const idx = minMaxIndices([ys], n, 100);
    expect(idx.length).toBeLessThanOrEqual(202);
    expect(Array.from(idx)).toContain(1234);
  });

  it('compacts flat runs to their ends without changing the line, keeping two points at each edge', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const y = [1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5];
    const idx = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(points(x, y, idx, true)).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: 4, y: 1 },
      { x: 5, y: 0.5 },
      { x: 7, y: 0.5 },
      { x: 8, y: 0.5 },
    ]);
    expect(points(x, y, idx)).toHaveLength(9);
  });

  it('decimates only the window it is given', () => {
    const ys = Float64Array.from({ length: 1000 }, (_, i) => (i === 700 ? 50 : i % 7));
    const idx = Array.from(minMaxIndices([ys], 800, 20, 600));
    expect(idx[0]).toBe(600);
    expect(idx.at(-1)).toBe(799);
    expect(idx).toContain(700);
    expect(idx.every((i) => i >= 600 && i < 800)).toBe(true);
    expect(Array.from(minMaxIndices([ys], 605, 20, 600))).toEqual([600, 601, 602, 603, 604]);
  });

  it('hands out copies, never views of the store columns', () => {
    setActivePinia(createPinia());
    const store = useHistoryStore();
    store.append([0, 1, 2, 3].map((t) => sample(t, undefined, 'high', 100 * t)));
    const cols = store.columns;
    const free = cols.hostSeries('freeMiB');
    const copy = pick(free, [0, 1, 2, 3]);
    copy[0] = -1;
    expect(free[0]).toBe(0);
    const pts = points(cols.timeSeries(), free, [0, 3]);
    pts[0]!.y = -5;
    expect(free[0]).toBe(0);
    const chart = buildHostFreeChart(cols, chartTheme(false), defaultThresholdsPct);
    for (const ds of chart.data.datasets) {
      expect(Array.isArray(ds.data)).toBe(true);
      (ds.data as unknown[]).length = 0;
    }
    expect(Array.from(cols.hostSeries('freeMiB'))).toEqual([0, 100, 200, 300]);
  });
});
