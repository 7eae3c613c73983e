import { describe, expect, it } from 'vitest';
import { chartTheme } from '../../../../renderer/src/components/charts/chart-theme';
import {
  buildHostReclaimPerVmChart,
  hostReclaimPerVmRowsAt,
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
});
