import type { Chart, LegendElement, LegendItem } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { chartTheme } from '../../../../renderer/src/components/charts/chart-theme';
import {
  buildHostReclaimPerVmChart,
  hostReclaimPerVmRowsAt,
  perVmLegend,
} from '../../../../renderer/src/components/charts/host-reclaim-per-vm';
import { vmColorCss } from '../../../../renderer/src/components/maps/map-colors';
import { HistoryColumns } from '../../../../renderer/src/stores/history-columns';
import { zeroHostCounters, zeroVmCounters } from '../../../support/counter-fixtures';

const theme = chartTheme(false);
const names = new Map([
  ['a', 'app-01'],
  ['b', 'batch-01'],
]);
const nameOf = (id: string) => names.get(id) ?? id;

/** VM b is off for the first half of the run (its samples are gaps). */
function columns(n: number): HistoryColumns {
  const cols = new HistoryColumns();
  for (let t = 0; t < n; t += 1) {
    cols.append([
      {
        timeS: t,
        host: zeroHostCounters({ tick: t, timeS: t }),
        vms: [
          zeroVmCounters('b', { poweredOn: t >= n / 2, mctlszMiB: 100, swcurMiB: 7 }),
          zeroVmCounters('a', { mctlszMiB: 10 * t, swcurMiB: t }),
        ],
      },
    ]);
  }
  return cols;
}

describe('host reclaim chart per VM', () => {
  it('stacks every VM balloon, then every VM host swap, in the VM colours', () => {
    const chart = buildHostReclaimPerVmChart(columns(10), theme, nameOf);
    expect(chart.datasets.map((d) => d.label)).toEqual([
      'app-01 ballooned',
      'batch-01 ballooned',
      'app-01 swapped (host)',
      'batch-01 swapped (host)',
    ]);
    expect(chart.datasets.map((d) => d.borderColor)).toEqual([
      vmColorCss(0, false),
      vmColorCss(1, false),
      vmColorCss(0, false),
      vmColorCss(1, false),
    ]);
    expect(chart.datasets.map((d) => d.fill)).toEqual(['origin', '-1', '-1', '-1']);
    // At t = 8 (b on): 80 + 100, then + 8 + 7.
    expect(chart.datasets.map((d) => d.data[8]!.y)).toEqual([80, 180, 188, 195]);
    // At t = 2 (b still off): b adds nothing, never NaN.
    expect(chart.datasets.map((d) => d.data[2]!.y)).toEqual([20, 20, 22, 22]);
    expect(chart.datasets[3]!.data.map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps the stack together when decimated and stays inside the zoom window', () => {
    const cols = columns(5000);
    const chart = buildHostReclaimPerVmChart(cols, theme, nameOf, 50, { start: 1000, end: 3000 });
    const lengths = new Set(chart.datasets.map((d) => d.data.length));
    expect(lengths.size).toBe(1);
    expect([...lengths][0]).toBeLessThan(2000);
    for (let k = 0; k < chart.datasets[0]!.data.length; k += 1) {
      const ys = chart.datasets.map((d) => d.data[k]!.y);
      expect([...ys].sort((x, y) => x - y)).toEqual(ys);
      const x = chart.datasets[0]!.data[k]!.x;
      expect(x).toBeGreaterThanOrEqual(1000);
      expect(x).toBeLessThan(3000);
    }
  });

  it('lists only the VMs with some balloon or swap in the tooltip, with the total', () => {
    const cols = columns(10);
    expect(hostReclaimPerVmRowsAt(cols, 2, theme, nameOf).map((r) => [r.label, r.value])).toEqual([
      ['app-01 swapped (host)', '2.0 MiB'],
      ['app-01 ballooned', '20 MiB'],
      ['Ballooned and swapped in total', '22 MiB'],
    ]);
    expect(hostReclaimPerVmRowsAt(cols, 0, theme, nameOf).map((r) => r.label)).toEqual([
      'Ballooned and swapped in total',
    ]);
    expect(hostReclaimPerVmRowsAt(cols, 10, theme, nameOf)).toEqual([]);
    expect(hostReclaimPerVmRowsAt(cols, -1, theme, nameOf)).toEqual([]);
  });

  it('names each VM once in the legend, toggles both its slices, and drops the legend above 16 VMs', () => {
    const cols = columns(4);
    const data = buildHostReclaimPerVmChart(cols, theme, nameOf);
    // What Chart.js's own legend would list: one item per dataset.
    const allItems = (): LegendItem[] =>
      data.datasets.map((d, datasetIndex) => ({ text: String(d.label), datasetIndex }) as LegendItem);
    const vmNames = cols.vmIds().map(nameOf);
    const legend = perVmLegend(vmNames, allItems);
    const hidden = new Set<number>();
    const chart = {
      isDatasetVisible: (i: number) => !hidden.has(i),
      setDatasetVisibility: (i: number, visible: boolean) => (visible ? hidden.delete(i) : hidden.add(i)),
      update: () => undefined,
    } as unknown as Chart;
    const items = legend.generateLabels(chart);
    expect(items.map((i) => [i.text, i.datasetIndex])).toEqual([
      ['app-01', 0],
      ['batch-01', 1],
    ]);
    expect(legend.display).toBe(true);
    const click = (item: LegendItem) =>
      legend.onClick.call({} as LegendElement<'line'>, {} as never, item, { chart } as LegendElement<'line'>);
    click(items[1]!);
    expect([...hidden].sort()).toEqual([1, 3]);
    expect(data.datasets[3]!.label).toBe('batch-01 swapped (host)');
    click(items[1]!);
    expect(hidden.size).toBe(0);
    const many = Array.from({ length: 17 }, (_, i) => `vm${i}`);
    expect(perVmLegend(many, allItems).display).toBe(false);
    expect(perVmLegend(many.slice(0, 16), allItems).display).toBe(true);
  });
});
