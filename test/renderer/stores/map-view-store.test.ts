import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { LabApi, LabRequest } from '../../../core/lab-api/lab-api-contract';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { setViewDelayMs, useMapViewStore } from '../../../renderer/src/stores/map-view-store';
import { useFrameStore } from '../../../renderer/src/stores/frame-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';

function fakeApi(sent: LabRequest<'setView'>[], fail = { count: 0 }): LabApi {
  return new Proxy({} as LabApi, {
    get(_t, key) {
      if (key === 'setView')
        return async (req: LabRequest<'setView'>) => {
          if (fail.count > 0) {
            fail.count -= 1;
            throw new Error('not connected');
          }
          sent.push(structuredClone(req));
          return { ok: true };
        };
      if (key === 'on') return () => () => undefined;
      return async () => {
        throw new Error(`unexpected call ${String(key)}`);
      };
    },
  });
}

async function settle(ms = setViewDelayMs + 1): Promise<void> {
  await nextTick();
  await vi.advanceTimersByTimeAsync(ms);
}

describe('map view store (setView)', () => {
  let sent: LabRequest<'setView'>[];
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    sent = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    setLabApi(null);
  });

  it('sends nothing until a map view has measured its canvas, then one request per change', async () => {
    setLabApi(fakeApi(sent));
    const view = useMapViewStore();
    await settle();
    expect(sent).toHaveLength(0);
    view.setHostCells(5000);
    view.setGuestCells(2000);
    await settle();
    expect(sent).toEqual([{ selectedVm: null, hostMap: { cells: 5000 }, guestMap: { cells: 2000 } }]);
    view.setHostCells(5000);
    await settle();
    expect(sent).toHaveLength(1);
    view.setHostWindow({ firstPage: 1024, pageCount: 4096 });
    await settle();
    expect(sent[1]?.hostMap).toEqual({ cells: 5000, firstPage: 1024, pageCount: 4096 });
  });

  it('a new selected VM resets the guest zoom and is sent', async () => {
    setLabApi(fakeApi(sent));
    const view = useMapViewStore();
    const ui = useUiStore();
    view.setGuestCells(100);
    view.setGuestWindow({ firstPage: 0, pageCount: 64 });
    await settle();
    ui.selectVm('web1');
    await settle();
    expect(view.guestWindow).toBeNull();
    expect(sent.at(-1)).toEqual({ selectedVm: 'web1', hostMap: { cells: 1024 }, guestMap: { cells: 100 } });
  });

  it('resends after a new session (frame store reset) with zoom cleared', async () => {
    setLabApi(fakeApi(sent));
    const view = useMapViewStore();
    view.setHostCells(64);
    view.setHostWindow({ firstPage: 0, pageCount: 64 });
    await settle();
    const n = sent.length;
    useFrameStore().reset();
    await settle();
    expect(view.hostWindow).toBeNull();
    expect(sent.length).toBe(n + 1);
    expect(sent.at(-1)?.hostMap).toEqual({ cells: 64 });
  });

  it('retries when the transport is not ready yet', async () => {
    const fail = { count: 2 };
    setLabApi(fakeApi(sent, fail));
    const view = useMapViewStore();
    view.setHostCells(10);
    await settle();
    expect(sent).toHaveLength(0);
    await settle(1000);
    await settle(1000);
    expect(sent).toHaveLength(1);
  });
});
