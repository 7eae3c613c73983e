import type { ChartData } from 'chart.js';
import type { HistoryColumns } from '../../stores/history-columns';
import { vmColorCss } from '../maps/map-colors';
import type { ChartTheme } from './chart-theme';
import { minMaxIndices, points } from './decimate';
import type { Point } from './decimate';
import { fullWindow } from './tooltip-rows';
import type { SampleWindow, TooltipRow } from './tooltip-rows';

/** Rows a performance tooltip lists at most: the worst VMs first. */
export const maxPerfRows = 12;

/**
 * One line per VM (colour = the VM's colour on the maps). Each line is decimated on its own,
 * so a single VM's brief collapse keeps its minimum.
 */
export function buildPerfIndexChart(
  cols: HistoryColumns,
  theme: ChartTheme,
  allVmIds: readonly string[] = cols.vmIds(),
  buckets = 120,
  window: SampleWindow = fullWindow(cols),
): ChartData<'line', Point[]> {
  const time = cols.timeSeries();
  const datasets: ChartData<'line', Point[]>['datasets'] = [];
  allVmIds.forEach((id, index) => {
    const perf = cols.vmSeries(id, 'perfIndex');
    if (!perf) return;
    const color = vmColorCss(index, theme.dark);
    datasets.push({
      label: id,
      data: points(time, perf, minMaxIndices([perf], window.end, buckets, window.start), true),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1,
      fill: false,
    });
  });
  return { datasets };
}

/** The tooltip rows of sample `index`: each powered-on VM's index, worst first. */
export function perfRowsAt(
  cols: HistoryColumns,
  index: number,
  theme: ChartTheme,
  allVmIds: readonly string[] = cols.vmIds(),
): TooltipRow[] {
  if (index < 0 || index >= cols.length) return [];
  const entries: { id: string; value: number; color: string }[] = [];
  allVmIds.forEach((id, colorIndex) => {
    const v = cols.vmSeries(id, 'perfIndex')?.[index];
    if (v !== undefined && !Number.isNaN(v))
      entries.push({ id, value: v, color: vmColorCss(colorIndex, theme.dark) });
  });
  entries.sort((a, b) => a.value - b.value || a.id.localeCompare(b.id));
  const rows: TooltipRow[] = entries
    .slice(0, maxPerfRows)
    .map((e) => ({ label: e.id, value: e.value.toFixed(3), color: e.color }));
  if (entries.length > maxPerfRows)
    rows.push({
      label: `${entries.length - maxPerfRows} more VMs`,
      value: `≥ ${entries[maxPerfRows - 1]!.value.toFixed(3)}`,
    });
  const off = allVmIds.length - entries.length;
  if (off > 0) rows.push({ label: `${off} VM${off === 1 ? '' : 's'} off`, value: '–' });
  return rows;
}
