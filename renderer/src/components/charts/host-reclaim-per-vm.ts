import type { Chart, ChartData, LegendItem, LegendOptions } from 'chart.js';
import type { HistoryColumns, VmSeriesKey } from '../../stores/history-columns';
import { vmColorCss } from '../maps/map-colors';
import { formatMiB } from './chart-format';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import { minMaxIndices } from './decimate';
import type { Point } from './decimate';
import { fullWindow } from './tooltip-rows';
import type { SampleWindow, TooltipRow } from './tooltip-rows';

/**
 * The two techniques split per VM, in stacking order: every VM's balloon first, then every
 * VM's host swap on top, so each technique stays one band and each VM one slice of it.
 */
export const perVmReclaimLayers = [
  { key: 'mctlszMiB', label: 'ballooned', fillAlpha: 0.6, dash: [] as number[] },
  { key: 'swcurMiB', label: 'swapped (host)', fillAlpha: 0.25, dash: [4, 3] },
] as const satisfies readonly { key: VmSeriesKey; label: string; fillAlpha: number; dash: number[] }[];

/** The VM's colour on the maps: its index in sorted id order (the order of `cols.vmIds()`). */
function colorOf(theme: ChartTheme, vmIndex: number): string {
  return vmColorCss(vmIndex, theme.dark);
}

/** A VM that is off or not yet on has no value: it adds nothing to the stack. */
const amount = (v: number | undefined): number => (v === undefined || !(v > 0) ? 0 : v);

/**
 * Balloon and host swap of each VM, stacked (the top line is the host's balloon plus swap
 * total). Every series is decimated together, so the slices stay stacked when zoomed out.
 */
export function buildHostReclaimPerVmChart(
  cols: HistoryColumns,
  theme: ChartTheme,
  nameOf: (vmId: string) => string,
  buckets = 200,
  window: SampleWindow = fullWindow(cols),
): ChartData<'line', Point[]> {
  const time = cols.timeSeries();
  const ids = cols.vmIds();
  const layers = perVmReclaimLayers.flatMap((layer) =>
    ids.map((id, vmIndex) => ({ id, vmIndex, layer, values: cols.vmSeries(id, layer.key) })),
  );
  const indices = minMaxIndices(
    layers.map((l) => l.values ?? []),
    window.end,
    buckets,
    window.start,
  );
  const base = new Float64Array(indices.length);
  const datasets: ChartData<'line', Point[]>['datasets'] = layers.map((l, li) => {
    const data = new Array<Point>(indices.length);
    for (let k = 0; k < indices.length; k += 1) {
      const i = indices[k] ?? 0;
      const top = (base[k] ?? 0) + amount(l.values?.[i]);
      data[k] = { x: time[i] ?? 0, y: top };
      base[k] = top;
    }
    const color = colorOf(theme, l.vmIndex);
    return {
      label: `${nameOf(l.id)} ${l.layer.label}`,
      data,
      borderColor: color,
      backgroundColor: withAlpha(color, l.layer.fillAlpha),
      borderDash: l.layer.dash,
      borderWidth: 1,
      fill: li === 0 ? 'origin' : '-1',
    };
  });
  return { datasets };
}

/**
 * The tooltip rows of sample `index`: each VM's balloon and swap where there is some (32 VMs
 * would be 64 rows of zeros otherwise), top of the stack first, and the total.
 */
export function hostReclaimPerVmRowsAt(
  cols: HistoryColumns,
  index: number,
  theme: ChartTheme,
  nameOf: (vmId: string) => string,
): TooltipRow[] {
  if (index < 0 || index >= cols.length) return [];
  const ids = cols.vmIds();
  let total = 0;
  const rows: TooltipRow[] = [];
  for (const layer of perVmReclaimLayers) {
    ids.forEach((id, vmIndex) => {
      const v = amount(cols.vmSeries(id, layer.key)?.[index]);
      if (v === 0) return;
      total += v;
      rows.push({
        label: `${nameOf(id)} ${layer.label}`,
        value: formatMiB(v),
        color: colorOf(theme, vmIndex),
      });
    });
  }
  rows.reverse();
  rows.push({ label: 'Ballooned and swapped in total', value: formatMiB(total) });
  return rows;
}

/** Above this many VMs the per-VM legend would crowd the plot; the tooltip names the slices instead. */
export const maxPerVmLegendVms = 16;

type LegendOf = LegendOptions<'line'>;

/**
 * The legend of the per-VM chart, one entry per VM: its balloon slice, whose colour its swap
 * shares (the caption says which is which). Two entries per VM took three lines for four VMs
 * and left the plot a strip; a click hides or shows both slices of the VM.
 */
export function perVmLegend(
  names: readonly string[],
  allItems: (chart: Chart) => LegendItem[],
): { display: boolean; generateLabels: LegendOf['labels']['generateLabels']; onClick: LegendOf['onClick'] } {
  const vms = names.length;
  return {
    display: vms <= maxPerVmLegendVms,
    generateLabels: (chart) => perVmLegendItems(allItems(chart), names),
    onClick: (_event, item, { chart }) => {
      const index = item.datasetIndex;
      if (index === undefined || index >= vms) return;
      const visible = !chart.isDatasetVisible(index);
      for (const layer of perVmReclaimLayers.keys()) chart.setDatasetVisibility(index + layer * vms, visible);
      chart.update();
    },
  };
}

/** The balloon layer's items (the first `names.length` datasets), each named by its VM alone. */
export function perVmLegendItems(items: readonly LegendItem[], names: readonly string[]): LegendItem[] {
  return items
    .filter((item) => item.datasetIndex !== undefined && item.datasetIndex < names.length)
    .map((item) => ({ ...item, text: names[item.datasetIndex!] ?? item.text }));
}
