import { markRaw, onBeforeUnmount, shallowRef, watch } from 'vue';
import type { ShallowRef, WatchSource } from 'vue';
import { useHistoryStore } from '../../stores/history-store';
import { throttle } from './throttle';

/** Chart redraws per second at most while samples stream in. */
export const chartUpdatesPerSecond = 4;

/**
 * Rebuilds chart data from the history at most a few times a second, and at once when an
 * input other than the history changes (theme, VM, thresholds). The result is marked raw:
 * it holds fresh arrays that Chart.js may patch, never the store's.
 */
export function useChartData<T extends object>(build: () => T, inputs: WatchSource[]): ShallowRef<T> {
  const history = useHistoryStore();
  const data = shallowRef(markRaw(build())) as ShallowRef<T>;
  const rebuild = () => {
    data.value = markRaw(build());
  };
  const throttled = throttle(rebuild, 1000 / chartUpdatesPerSecond);
  watch(() => history.version, throttled);
  watch(inputs, rebuild);
  onBeforeUnmount(() => throttled.cancel());
  return data;
}
