import type { ChartData } from 'chart.js';
import { cssColor } from '../maps/map-colors';
import type { ChartTheme } from './chart-theme';
import { withAlpha } from './chart-theme';
import { minMaxIndices, points } from './decimate';
import type { Point } from './decimate';
import type { HistoryColumns } from './history-columns';

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

/**
 * Where a VM's guest memory is, per sample, in MiB. Backed memory (GRANT) splits into pages
 * shared with others (SHRD) and private ones, of which the truly active part (ACTV) is
 * "active" and the rest "idle consumed"; the reclaimed memory stacks on top (MCTLSZ, ZIP,
 * SWCUR). The stack never exceeds MEMSZ; what stays below MEMSZ was never touched.
 */
export function vmLayers(cols: HistoryColumns, vmId: string): Record<VmLayerKey, Float64Array> | null {
  const s = (key: Parameters<HistoryColumns['vmSeries']>[1]) => cols.vmSeries(vmId, key);
  const grant = s('grantMiB');
  const shared = s('shrdMiB');
  const actv = s('actvMiB');
  const ballooned = s('mctlszMiB');
  const compressed = s('zipMiB');
  const swapped = s('swcurMiB');
  if (!grant || !shared || !actv || !ballooned || !compressed || !swapped) return null;
  const n = cols.length;
  const active = new Float64Array(n);
  const idle = new Float64Array(n);
  const sharedOut = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const g = grant[i] ?? Number.NaN;
    const sh = Math.min(Math.max(0, shared[i] ?? 0), g);
    const priv = Math.max(0, g - sh);
    const a = Math.min(Math.max(0, actv[i] ?? 0), priv);
    active[i] = Number.isNaN(g) ? Number.NaN : a;
    idle[i] = Number.isNaN(g) ? Number.NaN : priv - a;
    sharedOut[i] = Number.isNaN(g) ? Number.NaN : sh;
  }
  return {
    active,
    idle,
    shared: sharedOut,
    ballooned: Float64Array.from(ballooned),
    compressed: Float64Array.from(compressed),
    swapped: Float64Array.from(swapped),
  };
}

/** A stacked point: y is the top of the layer, `value` its own thickness (for the tooltip). */
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

/**
 * Datasets for one VM: the six layers stacked by hand (each filled to the previous one), and
 * lines for configured size, allocation target and the monitor's active estimate. All series
 * share the decimated indices, so the stack stays consistent.
 */
export function buildVmMemoryChart(
  cols: HistoryColumns,
  vmId: string,
  theme: ChartTheme,
  buckets = 150,
): ChartData<'line', Point[]> {
  const layers = vmLayers(cols, vmId);
  if (!layers) return { datasets: [] };
  const time = cols.timeSeries();
  const memsz = cols.vmSeries(vmId, 'memszMiB') ?? new Float64Array(0);
  const sztgt = cols.vmSeries(vmId, 'sztgtMiB') ?? new Float64Array(0);
  const tchd = cols.vmSeries(vmId, 'tchdMiB') ?? new Float64Array(0);
  const indices = minMaxIndices([...vmLayerKeys.map((k) => layers[k]), sztgt, tchd], cols.length, buckets);
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
  const line = (label: string, source: ArrayLike<number>, color: string, dash: number[]) => ({
    label,
    data: points(time, source, indices, true),
    borderColor: color,
    borderWidth: 1.5,
    borderDash: dash,
    fill: false,
    order: 0,
  });
  datasets.push(line('Configured (MEMSZ)', memsz, theme.text, []));
  datasets.push(line('Target (SZTGT)', sztgt, theme.accent, [6, 4]));
  datasets.push(line('Estimated active (TCHD)', tchd, theme.muted, [2, 3]));
  return { datasets };
}
