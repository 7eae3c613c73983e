import type { ChartData } from 'chart.js';
import { cssColor, vmColor } from '../maps/map-colors';
import type { ChartTheme } from './chart-theme';
import { minMaxIndices, points } from './decimate';
import type { Point } from './decimate';
import type { HistoryColumns } from './history-columns';

/**
 * One line per VM (colour = the VM's colour on the maps). Each line is decimated on its own,
 * so a single VM's brief collapse keeps its minimum.
 */
export function buildPerfIndexChart(
  cols: HistoryColumns,
  theme: ChartTheme,
  allVmIds: readonly string[] = cols.vmIds(),
  buckets = 120,
): ChartData<'line', Point[]> {
  const time = cols.timeSeries();
  const datasets: ChartData<'line', Point[]>['datasets'] = [];
  allVmIds.forEach((id, index) => {
    const perf = cols.vmSeries(id, 'perfIndex');
    if (!perf) return;
    const color = cssColor(vmColor(index, theme.dark));
    datasets.push({
      label: id,
      data: points(time, perf, minMaxIndices([perf], cols.length, buckets), true),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1,
      fill: false,
    });
  });
  return { datasets };
}
