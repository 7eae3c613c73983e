import type { ChartData } from 'chart.js';
import type { HistoryColumns, HostSeriesKey } from '../../stores/history-columns';
import { cssColor } from '../maps/map-colors';
import { formatMiB } from './chart-format';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import { minMaxIndices } from './decimate';
import type { Point } from './decimate';
import { fullWindow } from './tooltip-rows';
import type { SampleWindow, TooltipRow } from './tooltip-rows';

/** What the host won back from its VMs, by technique, stacked bottom to top. */
export const reclaimLayers = [
  { key: 'shrdsvdMiB', label: 'Saved by sharing', color: 'shared' },
  { key: 'mctlszMiB', label: 'Ballooned', color: 'ballooned' },
  { key: 'zipMiB', label: 'Compressed', color: 'compressed' },
  { key: 'swcurMiB', label: 'Swapped (host)', color: 'swapped' },
] as const satisfies readonly { key: HostSeriesKey; label: string; color: string }[];

function colorOf(theme: ChartTheme, which: (typeof reclaimLayers)[number]['color']): string {
  return cssColor(theme.palette.hvStates[which]);
}

/**
 * The host's totals of page sharing savings, balloon, compression and host swap, stacked, so
 * the top line is all the memory the host reclaimed. Decimated together, so the stack holds.
 */
export function buildHostReclaimChart(
  cols: HistoryColumns,
  theme: ChartTheme,
  buckets = 200,
  window: SampleWindow = fullWindow(cols),
): ChartData<'line', Point[]> {
  const time = cols.timeSeries();
  const series = reclaimLayers.map((l) => cols.hostSeries(l.key));
  const indices = minMaxIndices(series, window.end, buckets, window.start);
  const base = new Float64Array(indices.length);
  const datasets: ChartData<'line', Point[]>['datasets'] = reclaimLayers.map((layer, li) => {
    const values = series[li]!;
    const data = new Array<Point>(indices.length);
    for (let k = 0; k < indices.length; k += 1) {
      const i = indices[k] ?? 0;
      const top = (base[k] ?? 0) + Math.max(0, values[i] ?? 0);
      data[k] = { x: time[i] ?? 0, y: top };
      base[k] = top;
    }
    const color = colorOf(theme, layer.color);
    return {
      label: layer.label,
      data,
      borderColor: color,
      backgroundColor: withAlpha(color, 0.55),
      borderWidth: 1,
      fill: li === 0 ? 'origin' : '-1',
    };
  });
  return { datasets };
}

/** The tooltip rows of sample `index`: each technique's total and their sum. */
export function hostReclaimRowsAt(cols: HistoryColumns, index: number, theme: ChartTheme): TooltipRow[] {
  if (index < 0 || index >= cols.length) return [];
  let total = 0;
  const rows: TooltipRow[] = reclaimLayers.map((layer) => {
    const v = cols.hostSeries(layer.key)[index] ?? Number.NaN;
    total += Number.isNaN(v) ? 0 : v;
    return { label: layer.label, value: formatMiB(v), color: colorOf(theme, layer.color) };
  });
  rows.reverse();
  rows.push({ label: 'Reclaimed in total', value: formatMiB(total) });
  return rows;
}
