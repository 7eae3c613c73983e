import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { panRange, zoomRange } from '../logic/time-range';
import type { TimeRange } from '../logic/time-range';
import { useLabStore } from './lab-store';

/**
 * What every chart shares: the hovered simulated time (one crosshair across all charts) and
 * the visible time window (zoom and pan move all charts together). A new session or a reset
 * shows the whole run again.
 */
export const useChartViewStore = defineStore('chart-view', () => {
  const lab = useLabStore();
  /** Simulated second under the pointer on any chart; null when the pointer is elsewhere. */
  const hoverTimeS = ref<number | null>(null);
  /** The past moment shown (time travel), marked on every chart; null at the newest. */
  const cursorTimeS = ref<number | null>(null);
  /** The visible window; null = the whole run so far. */
  const range = shallowRef<TimeRange | null>(null);

  watch(
    () => lab.epoch,
    () => {
      range.value = null;
      hoverTimeS.value = null;
    },
  );

  function setHover(timeS: number | null): void {
    hoverTimeS.value = timeS !== null && Number.isFinite(timeS) ? timeS : null;
  }

  function zoom(factor: number, anchorS: number, extent: TimeRange): void {
    range.value = zoomRange(range.value, extent, factor, anchorS);
  }

  function pan(deltaS: number, extent: TimeRange): void {
    range.value = panRange(range.value, extent, deltaS);
  }

  /** `from` moved by `deltaS`: a drag pans from where it started, not from the last step. */
  function setRange(from: TimeRange | null, extent: TimeRange, deltaS: number): void {
    range.value = panRange(from, extent, deltaS);
  }

  function resetZoom(): void {
    range.value = null;
  }

  function setCursor(timeS: number | null): void {
    cursorTimeS.value = timeS;
  }

  return { hoverTimeS, cursorTimeS, range, setHover, zoom, pan, setRange, resetZoom, setCursor };
});
