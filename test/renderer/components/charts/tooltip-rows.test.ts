import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceSample } from '../../../../core/lab-api/lab-api-contract';
import { formatMiB } from '../../../../renderer/src/components/charts/chart-format';
import { chartTheme } from '../../../../renderer/src/components/charts/chart-theme';
import { hostFreeRowsAt } from '../../../../renderer/src/components/charts/host-free-data';
import { hostReclaimRowsAt } from '../../../../renderer/src/components/charts/host-reclaim-data';
import { perfRowsAt } from '../../../../renderer/src/components/charts/perf-index-data';
import { tooltipAt } from '../../../../renderer/src/components/charts/tooltip-rows';
import {
  buildVmMemoryChart,
  vmMemoryRowsAt,
} from '../../../../renderer/src/components/charts/vm-memory-data';
import { formatClock } from '../../../../renderer/src/logic/format';
import { HistoryColumns } from '../../../../renderer/src/stores/history-columns';
import { zeroHostCounters, zeroVmCounters } from '../../../support/counter-fixtures';

const theme = chartTheme(false);

/**
 * An hour of trace rows in which every series moves differently (the balloon inflates late,
 * swap in bursts, the target steps): decimation keeps different samples for each of them.
 */
function traceRows(n = 3600): TraceSample[] {
  const rows: TraceSample[] = [];
  for (let t = 0; t < n; t += 1) {
    const balloon = t > 1500 ? Math.min(900, (t - 1500) * 0.7) : 0;
    const swap = t % 700 < 50 ? 300 + (t % 13) : 0;
    rows.push({
      timeS: t,
      host: zeroHostCounters({
        tick: t,
        timeS: t,
        state: t > 2000 ? 'soft' : 'high',
        freeMiB: 9000 - t * 2,
        minFreeMiB: 655,
        mctlszMiB: balloon,
        swcurMiB: swap,
        zipMiB: t / 100,
        shrdsvdMiB: 40,
      }),
      vms: [
        zeroVmCounters('app1', {
          memszMiB: 6144,
          grantMiB: 4000 - balloon,
          shrdMiB: 120,
          actvMiB: 1100 + (t % 97),
          mctlszMiB: balloon,
          zipMiB: t > 2500 ? 449 : 0,
          swcurMiB: swap,
          sztgtMiB: t > 1800 ? 3000 : 6144,
          tchdMiB: 1200 + (t % 31),
          perfIndex: swap > 0 ? 0.8 : 1,
        }),
        zeroVmCounters('db1', { memszMiB: 4096, grantMiB: 3000, perfIndex: 0.95 - (t % 5) / 100 }),
      ],
    });
  }
  return rows;
}

function columnsOf(rows: readonly TraceSample[]): HistoryColumns {
  const cols = new HistoryColumns();
  cols.append(rows);
  return cols;
}

function value(rows: { label: string; value: string }[], label: string): string | undefined {
  return rows.find((r) => r.label === label)?.value;
}

describe('chart tooltips read the trace row at the hovered time', () => {
  const rows = traceRows();
  const cols = columnsOf(rows);

  it('VM memory: every layer and line equals the trace row nearest the pointer', () => {
    // The chart itself is decimated: its datasets keep fewer points than there are rows.
    const chart = buildVmMemoryChart(cols, 'app1', theme);
    expect(chart.datasets[0]!.data.length).toBeLessThan(rows.length);
    fc.assert(
      fc.property(fc.double({ min: -5, max: 3605, noNaN: true }), (hoverS) => {
        const tip = tooltipAt(cols, hoverS, (i) => vmMemoryRowsAt(cols, 'app1', i, theme));
        expect(tip).not.toBeNull();
        // Nearest sample; a tie goes to the earlier one.
        const expectedS = Math.min(3599, Math.max(0, Math.ceil(hoverS - 0.5)));
        const row = rows[expectedS]!;
        const vm = row.vms[0]!;
        expect(tip!.timeS).toBe(row.timeS);
        expect(tip!.title).toBe(formatClock(row.timeS));
        expect(value(tip!.rows, 'Ballooned')).toBe(formatMiB(vm.mctlszMiB));
        expect(value(tip!.rows, 'Compressed')).toBe(formatMiB(vm.zipMiB));
        expect(value(tip!.rows, 'Swapped (host)')).toBe(formatMiB(vm.swcurMiB));
        expect(value(tip!.rows, 'Shared')).toBe(formatMiB(vm.shrdMiB));
        expect(value(tip!.rows, 'Active')).toBe(formatMiB(vm.actvMiB));
        expect(value(tip!.rows, 'Idle consumed')).toBe(formatMiB(vm.grantMiB - vm.shrdMiB - vm.actvMiB));
        expect(value(tip!.rows, 'Configured (MEMSZ)')).toBe(formatMiB(vm.memszMiB));
        expect(value(tip!.rows, 'Target (SZTGT)')).toBe(formatMiB(vm.sztgtMiB));
        expect(value(tip!.rows, 'Estimated active (TCHD)')).toBe(formatMiB(vm.tchdMiB));
      }),
      { numRuns: 200 },
    );
  });

  it('the case of issue 13: a late balloon, compression and swap are shown where they are', () => {
    const tip = tooltipAt(cols, 2510.2, (i) => vmMemoryRowsAt(cols, 'app1', i, theme))!;
    expect(tip.title).toBe('00:41:50');
    expect(value(tip.rows, 'Ballooned')).toBe(formatMiB(rows[2510]!.vms[0]!.mctlszMiB));
    expect(value(tip.rows, 'Compressed')).toBe(formatMiB(449));
    expect(value(tip.rows, 'Swapped (host)')).toBe(formatMiB(rows[2510]!.vms[0]!.swcurMiB));
  });

  it('host, reclaim and performance tooltips read the same row', () => {
    for (const hoverS of [0, 17.4, 1499.6, 2101, 3599]) {
      const i = Math.round(hoverS);
      const row = rows[i]!;
      const free = tooltipAt(cols, hoverS, (k) => hostFreeRowsAt(cols, k, theme))!;
      expect(value(free.rows, 'Free memory')).toBe(formatMiB(row.host.freeMiB));
      expect(value(free.rows, 'State')).toBe(row.host.state);
      expect(value(free.rows, 'soft below (64%)')).toBe(formatMiB(655 * 0.64));
      const reclaim = tooltipAt(cols, hoverS, (k) => hostReclaimRowsAt(cols, k, theme))!;
      expect(value(reclaim.rows, 'Ballooned')).toBe(formatMiB(row.host.mctlszMiB));
      expect(value(reclaim.rows, 'Swapped (host)')).toBe(formatMiB(row.host.swcurMiB));
      expect(value(reclaim.rows, 'Reclaimed in total')).toBe(
        formatMiB(row.host.mctlszMiB + row.host.swcurMiB + row.host.zipMiB + row.host.shrdsvdMiB),
      );
      const perf = tooltipAt(cols, hoverS, (k) => perfRowsAt(cols, k, theme, ['app1', 'db1']))!;
      expect(value(perf.rows, 'app1')).toBe(row.vms[0]!.perfIndex.toFixed(3));
      expect(value(perf.rows, 'db1')).toBe(row.vms[1]!.perfIndex.toFixed(3));
    }
  });

  it('says a VM is off instead of showing zeros, and has nothing before the first sample', () => {
    const off = columnsOf([
      {
        timeS: 0,
        host: zeroHostCounters(),
        vms: [zeroVmCounters('a', { poweredOn: false, memszMiB: 1024 })],
      },
      { timeS: 1, host: zeroHostCounters(), vms: [zeroVmCounters('a', { memszMiB: 1024, grantMiB: 10 })] },
    ]);
    expect(vmMemoryRowsAt(off, 'a', 0, theme)).toEqual([{ label: 'a', value: 'powered off' }]);
    expect(value(vmMemoryRowsAt(off, 'a', 1, theme), 'Configured (MEMSZ)')).toBe(formatMiB(1024));
    expect(perfRowsAt(off, 0, theme, ['a'])).toEqual([{ label: '1 VM off', value: '–' }]);
    expect(tooltipAt(new HistoryColumns(), 5, () => [])).toBeNull();
  });
});

describe('history columns for the charts', () => {
  it('finds the nearest sample and the samples of a zoomed range', () => {
    const cols = columnsOf(traceRows(100).filter((r) => r.timeS % 10 === 0));
    expect(cols.indexAt(-3)).toBe(0);
    expect(cols.indexAt(14)).toBe(1);
    expect(cols.indexAt(15)).toBe(1);
    expect(cols.indexAt(16)).toBe(2);
    expect(cols.indexAt(1e9)).toBe(9);
    expect(cols.indexAt(Number.NaN)).toBe(-1);
    expect(cols.indexRange(25, 55)).toEqual({ start: 2, end: 7 });
    expect(cols.indexRange(0, 90)).toEqual({ start: 0, end: 10 });
    expect(cols.indexRange(200, 300)).toEqual({ start: 9, end: 10 });
  });

  it('draws a VM that is powered off as a gap, not zeros', () => {
    const cols = columnsOf([
      { timeS: 0, host: zeroHostCounters(), vms: [zeroVmCounters('a', { poweredOn: false, perfIndex: 1 })] },
      { timeS: 1, host: zeroHostCounters(), vms: [zeroVmCounters('a', { perfIndex: 0.5 })] },
    ]);
    const perf = cols.vmSeries('a', 'perfIndex')!;
    expect(Number.isNaN(perf[0]!)).toBe(true);
    expect(perf[1]).toBe(0.5);
  });
});
