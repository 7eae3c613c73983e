import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { LabRequest } from '../../../core/lab-api/lab-api-contract';
import { labApi } from '../api/lab-api';
import { useFrameStore } from './frame-store';
import { useUiStore } from './ui-store';
import { windowRequest } from '../logic/map-window';
import type { MapWindow } from '../logic/map-window';

/** Cells asked for a map whose view is not on screen (it is cheap and keeps frames useful). */
export const fallbackCells = 1024;
/** Coalesces the bursts of changes a resize or a wheel gesture makes into one request. */
export const setViewDelayMs = 30;
const retryDelayMs = 1000;
const maxRetries = 5;

/**
 * What the frames should carry: the selected VM and the window and cell count of both maps.
 * The two map views write their canvas sizes and zoom windows here; this store owns the
 * labApi.setView calls and sends only when the request actually changed.
 */
export const useMapViewStore = defineStore('map-view', () => {
  const ui = useUiStore();
  const frames = useFrameStore();
  const hostCells = ref(0);
  const guestCells = ref(0);
  const hostWindow = shallowRef<MapWindow | null>(null);
  const guestWindow = shallowRef<MapWindow | null>(null);
  /** Requests sent so far (tests and diagnostics). */
  const sentCount = ref(0);

  const request = computed<LabRequest<'setView'>>(() => ({
    selectedVm: ui.selectedVm,
    hostMap: windowRequest(hostWindow.value, hostCells.value || fallbackCells),
    guestMap: windowRequest(guestWindow.value, guestCells.value || fallbackCells),
  }));

  let lastSent = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let retries = 0;

  async function flush(): Promise<void> {
    timer = null;
    // Nothing to show yet: no map view has measured its canvas.
    if (hostCells.value === 0 && guestCells.value === 0) return;
    const req = request.value;
    const key = JSON.stringify(req);
    if (key === lastSent) return;
    lastSent = key;
    try {
      await labApi.setView(req);
      sentCount.value += 1;
      retries = 0;
    } catch {
      // Not connected yet or the Node side restarted: try again a few times.
      lastSent = '';
      if (retries < maxRetries) {
        retries += 1;
        schedule(retryDelayMs);
      }
    }
  }

  function schedule(delayMs = setViewDelayMs): void {
    if (timer !== null) return;
    timer = setTimeout(() => void flush(), delayMs);
  }

  /** Sends the request again even if unchanged (the Node side forgot it: new session, restart). */
  function resend(): void {
    lastSent = '';
    schedule();
  }

  // Another VM has another size: its zoom window means nothing.
  watch(
    () => ui.selectedVm,
    () => {
      guestWindow.value = null;
    },
    { flush: 'sync' },
  );
  watch(
    () => frames.epoch,
    () => {
      hostWindow.value = null;
      guestWindow.value = null;
      resend();
    },
  );
  watch(request, () => schedule());

  function setHostCells(cells: number): void {
    hostCells.value = Math.max(0, Math.floor(cells));
  }
  function setGuestCells(cells: number): void {
    guestCells.value = Math.max(0, Math.floor(cells));
  }
  function setHostWindow(w: MapWindow | null): void {
    hostWindow.value = w;
  }
  function setGuestWindow(w: MapWindow | null): void {
    guestWindow.value = w;
  }

  return {
    hostCells,
    guestCells,
    hostWindow,
    guestWindow,
    request,
    sentCount,
    setHostCells,
    setGuestCells,
    setHostWindow,
    setGuestWindow,
    resend,
    flush,
  };
});
