import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { ChartHistory, TraceSample } from '../../../core/lab-api/lab-api-contract';
import { HistoryColumns } from './history-columns';

/**
 * Trace samples for the charts, column by column in typed arrays outside Vue's reactivity
 * (an hour of 32 VMs is over a million numbers). `version` changes whenever the columns do;
 * charts read decimated copies of them (components/charts/decimate.ts), never the arrays.
 */
export const useHistoryStore = defineStore('history', () => {
  const columns = shallowRef<HistoryColumns>(markRaw(new HistoryColumns()));
  const version = ref(0);
  const length = ref(0);
  /** Sample stride of a history loaded with getHistory (1 = every sample). */
  const stride = ref(1);

  function changed(): void {
    length.value = columns.value.length;
    version.value += 1;
  }

  /** Adds samples pushed with a frame; an earlier time than the last drops the newer tail first. */
  function append(samples: readonly TraceSample[]): void {
    if (samples.length === 0) return;
    columns.value.append(samples);
    changed();
  }

  /** Replaces everything with a history from getHistory (an opened session, a reconnect). */
  function replace(history: ChartHistory): void {
    columns.value = markRaw(HistoryColumns.of(history));
    stride.value = history.stride;
    changed();
  }

  function reset(): void {
    columns.value = markRaw(new HistoryColumns());
    stride.value = 1;
    changed();
  }

  return { columns, version, length, stride, append, replace, reset };
});
