import { hostStates, type HostCounters, type HostState, type VmCounters } from '../model/counters';
import type { TraceSample } from './lab-api-types';

/** Host counters the charts plot. */
export const hostSeriesKeys = [
  'freeMiB',
  'minFreeMiB',
  'pmemMiB',
  'mctlszMiB',
  'swcurMiB',
  'zipMiB',
  'shrdsvdMiB',
] as const satisfies readonly (keyof HostCounters)[];
export type HostSeriesKey = (typeof hostSeriesKeys)[number];

/** VM counters the charts plot. */
export const vmSeriesKeys = [
  'memszMiB',
  'sztgtMiB',
  'grantMiB',
  'consumedMiB',
  'actvMiB',
  'tchdMiB',
  'shrdMiB',
  'mctlszMiB',
  'mctltgtMiB',
  'zipMiB',
  'swcurMiB',
  'perfIndex',
] as const satisfies readonly (keyof VmCounters)[];
export type VmSeriesKey = (typeof vmSeriesKeys)[number];

/** One VM's plotted series: NaN while it is powered off (a gap on the charts, not zeros). */
export interface ChartVmSeries {
  id: string;
  series: Record<VmSeriesKey, Float64Array>;
}

/**
 * The run's history as the charts read it (getHistory): one typed array per plotted series,
 * samples `stride` apart (and the latest). Column by column it crosses to the renderer as a few
 * MiB of typed arrays; as sample objects with every counter, an hour of a 32-VM host was 27 MiB
 * of JSON and took seconds to build, send and read back.
 */
export interface ChartHistory {
  /** Samples apart (1 = every sample). */
  stride: number;
  /** Simulated time of each sample, seconds. */
  timeS: Float64Array;
  /** The host's memory state per sample, an index into `hostStates`. */
  state: Uint8Array;
  host: Record<HostSeriesKey, Float64Array>;
  /** In the engine's VM order (by id). */
  vms: ChartVmSeries[];
}

/** Every `every`-th sample of `history` from the first (all when `every` is 1). */
export function thinChartHistory(history: ChartHistory, every: number): ChartHistory {
  if (every <= 1) return history;
  const keep = <A extends Float64Array | Uint8Array>(a: A): A => a.filter((_, i) => i % every === 0) as A;
  const host = {} as Record<HostSeriesKey, Float64Array>;
  for (const key of hostSeriesKeys) host[key] = keep(history.host[key]);
  return {
    stride: history.stride * every,
    timeS: keep(history.timeS),
    state: keep(history.state),
    host,
    vms: history.vms.map((vm) => {
      const series = {} as Record<VmSeriesKey, Float64Array>;
      for (const key of vmSeriesKeys) series[key] = keep(vm.series[key]);
      return { id: vm.id, series };
    }),
  };
}

/** The chart history of `samples` as they are (every one, of the VMs of the first). */
export function chartHistoryOf(samples: readonly TraceSample[], stride = 1): ChartHistory {
  const n = samples.length;
  const host = {} as Record<HostSeriesKey, Float64Array>;
  for (const key of hostSeriesKeys) host[key] = Float64Array.from(samples, (s) => s.host[key]);
  const ids = samples[0]?.vms.map((vm) => vm.id) ?? [];
  const vms = ids.map((id, v): ChartVmSeries => {
    const series = {} as Record<VmSeriesKey, Float64Array>;
    for (const key of vmSeriesKeys)
      series[key] = Float64Array.from(samples, (s) => {
        const vm = s.vms[v]?.id === id ? s.vms[v] : s.vms.find((x) => x.id === id);
        return vm?.poweredOn === true ? vm[key] : Number.NaN;
      });
    return { id, series };
  });
  return {
    stride,
    timeS: Float64Array.from(samples, (s) => s.timeS),
    state: Uint8Array.from(samples, (s) => Math.max(0, hostStates.indexOf(s.host.state as HostState))),
    host,
    vms: n === 0 ? [] : vms,
  };
}
