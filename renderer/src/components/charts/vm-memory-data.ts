import type { ChartData } from 'chart.js';
import type { HistoryColumns, VmSeriesKey } from '../../stores/history-columns';
import { cssColor } from '../maps/map-colors';
import { formatMiB } from './chart-format';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import { minMaxIndices, points } from './decimate';
import type { Point } from './decimate';
import { fullWindow } from './tooltip-rows';
import type { SampleWindow, TooltipRow } from './tooltip-rows';

/** Stacked layers of a VM's memory, bottom to top. */
export const vmLayerKeys = ['active', 'idle', 'shared', 'ballooned', 'compressed', 'swapped'] as const;
export type VmLayerKey = (typeof vmLayerKeys)[number];

export const vmLayerLabels: Record<VmLayerKey, string> = {
  active: 'Active',
  idle: 'Idle consumed',
  shared: 'Shared',
  ballooned: 'Ballooned',
  compressed: 'Compressed',
  swapped: 'Swapped (host)',
};

/** Lines drawn over the stack, with the counters they show. */
const lineKeys = [
  { key: 'memszMiB', label: 'Configured (MEMSZ)' },
  { key: 'sztgtMiB', label: 'Target (SZTGT)' },
  { key: 'tchdMiB', label: 'Estimated active (TCHD)' },
] as const satisfies readonly { key: VmSeriesKey; label: string }[];

type Series = Record<'grant' | 'shared' | 'actv' | 'ballooned' | 'compressed' | 'swapped', Float64Array>;

function vmSeries(cols: HistoryColumns, vmId: string): Series | null {
  const s = (key: VmSeriesKey) => cols.vmSeries(vmId, key);
  const grant = s('grantMiB');
  const shared = s('shrdMiB');
  const actv = s('actvMiB');
  const ballooned = s('mctlszMiB');
  const compressed = s('zipMiB');
  const swapped = s('swcurMiB');
  if (!grant || !shared || !actv || !ballooned || !compressed || !swapped) return null;
  return { grant, shared, actv, ballooned, compressed, swapped };
}

/**
 * The six layers at sample `i`, in MiB. Backed memory (GRANT) splits into pages shared with
 * others (SHRD) and private ones, of which the truly active part (ACTV) is "active" and the
 * rest "idle consumed"; the reclaimed memory stacks on top (MCTLSZ, ZIP, SWCUR). NaN while
 * the VM is off.
 */
function layersAt(s: Series, i: number): Record<VmLayerKey, number> {
  const g = s.grant[i] ?? Number.NaN;
  if (Number.isNaN(g)) {
    const gap = Number.NaN;
    return { active: gap, idle: gap, shared: gap, ballooned: gap, compressed: gap, swapped: gap };
  }
  const sh = Math.min(Math.max(0, s.shared[i] ?? 0), g);
  const priv = Math.max(0, g - sh);
  const a = Math.min(Math.max(0, s.actv[i] ?? 0), priv);
  return {
    active: a,
    idle: priv - a,
    shared: sh,
    ballooned: s.ballooned[i] ?? Number.NaN,
    compressed: s.compressed[i] ?? Number.NaN,
    swapped: s.swapped[i] ?? Number.NaN,
  };
}

/** Where a VM's guest memory is, per sample, in MiB (see layersAt). */
export function vmLayers(cols: HistoryColumns, vmId: string): Record<VmLayerKey, Float64Array> | null {
  const s = vmSeries(cols, vmId);
  if (!s) return null;
  const n = cols.length;
  const out = {} as Record<VmLayerKey, Float64Array>;
  for (const key of vmLayerKeys) out[key] = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const values = layersAt(s, i);
    for (const key of vmLayerKeys) out[key][i] = values[key];
  }
  return out;
}

/** A stacked point: y is the top of the layer, `value` its own thickness. */
export interface StackedPoint extends Point {
  value: number;
}

export function layerColors(theme: ChartTheme): Record<VmLayerKey, string> {
  const p = theme.palette;
  return {
    active: cssColor(p.guestClasses.hot),
    idle: cssColor(p.guestClasses.cold),
    shared: cssColor(p.hvStates.shared),
    ballooned: cssColor(p.hvStates.ballooned),
    compressed: cssColor(p.hvStates.compressed),
    swapped: cssColor(p.hvStates.swapped),
  };
}

function lineColors(theme: ChartTheme): string[] {
  return [theme.text, theme.accent, theme.muted];
}

/**
 * Datasets for one VM: the six layers stacked by hand (each filled to the previous one), and
 * lines for configured size, allocation target and the monitor's active estimate. All series
 * share the decimated indices of `window`, so the stack stays consistent.
 */
export function buildVmMemoryChart(
  cols: HistoryColumns,
  vmId: string,
  theme: ChartTheme,
  buckets = 150,
  window: SampleWindow = fullWindow(cols),
): ChartData<'line', Point[]> {
  const layers = vmLayers(cols, vmId);
  if (!layers) return { datasets: [] };
  const time = cols.timeSeries();
  const lines = lineKeys.map((l) => cols.vmSeries(vmId, l.key) ?? new Float64Array(0));
  const indices = minMaxIndices(
    [...vmLayerKeys.map((k) => layers[k]), lines[1]!, lines[2]!],
    window.end,
    buckets,
    window.start,
  );
  const colors = layerColors(theme);
  const base = new Float64Array(indices.length);
  const datasets: ChartData<'line', Point[]>['datasets'] = [];
  vmLayerKeys.forEach((key, layerIndex) => {
    const layer = layers[key];
    const data = new Array<StackedPoint>(indices.length);
    for (let k = 0; k < indices.length; k += 1) {
      const i = indices[k] ?? 0;
      const value = layer[i] ?? Number.NaN;
      const top = (base[k] ?? 0) + (Number.isNaN(value) ? 0 : value);
      data[k] = { x: time[i] ?? 0, y: Number.isNaN(value) ? Number.NaN : top, value };
      base[k] = top;
    }
    datasets.push({
      label: vmLayerLabels[key],
      data,
      borderColor: colors[key],
      backgroundColor: withAlpha(colors[key], 0.55),
      borderWidth: 1,
      fill: layerIndex === 0 ? 'origin' : '-1',
      order: 2,
    });
  });
  const dashes = [[], [6, 4], [2, 3]];
  const colorsOfLines = lineColors(theme);
  lineKeys.forEach((l, k) => {
    datasets.push({
      label: l.label,
      data: points(time, lines[k]!, indices, true),
      borderColor: colorsOfLines[k],
      borderWidth: 1.5,
      borderDash: dashes[k],
      fill: false,
      order: 0,
    });
  });
  return { datasets };
}

/** The tooltip rows of sample `index`: every layer and line, as the trace has them. */
export function vmMemoryRowsAt(
  cols: HistoryColumns,
  vmId: string,
  index: number,
  theme: ChartTheme,
): TooltipRow[] {
  const s = vmSeries(cols, vmId);
  if (!s || index < 0 || index >= cols.length) return [];
  if (Number.isNaN(s.grant[index] ?? Number.NaN)) return [{ label: vmId, value: 'powered off' }];
  const values = layersAt(s, index);
  const colors = layerColors(theme);
  const rows: TooltipRow[] = vmLayerKeys
    .map((key) => ({ label: vmLayerLabels[key], value: formatMiB(values[key]), color: colors[key] }))
    .reverse();
  const colorsOfLines = lineColors(theme);
  lineKeys.forEach((l, k) => {
    const v = cols.vmSeries(vmId, l.key)?.[index] ?? Number.NaN;
    rows.push({ label: l.label, value: formatMiB(v), color: colorsOfLines[k] });
  });
  return rows;
}
