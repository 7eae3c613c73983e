import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { LabApi } from '../../../../core/lab-api/lab-api-contract';
import { setLabApi } from '../../../../renderer/src/api/lab-api';
import GuestMapView from '../../../../renderer/src/components/maps/guest-map-view.vue';
import HostMapView from '../../../../renderer/src/components/maps/host-map-view.vue';
import { useFrameStore } from '../../../../renderer/src/stores/frame-store';
import { useUiStore } from '../../../../renderer/src/stores/ui-store';
import { zeroHostCounters, zeroVmCounters } from '../../../support/counter-fixtures';
import { guestMap, hostMap } from './map-fixtures';

const quietApi = new Proxy({} as LabApi, { get: () => async () => ({ ok: true }) });

function frameWith(
  maps: { hostMap?: ReturnType<typeof hostMap>; guestMap?: ReturnType<typeof guestMap> },
  vmIds: readonly string[] = ['db1', 'web1'],
) {
  return {
    seq: 1,
    tick: 1,
    timeS: 1,
    running: false,
    host: zeroHostCounters(),
    vms: vmIds.map((id) => zeroVmCounters(id)),
    log: [],
    samples: [],
    hostMap: maps.hostMap ?? null,
    guestMap: maps.guestMap ?? null,
  };
}

describe('host map view', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setLabApi(quietApi);
  });
  afterEach(() => setLabApi(null));

  it('says there is no map until a frame brings one, then shows its window and digest', async () => {
    const wrapper = mount(HostMapView);
    expect(wrapper.text()).toContain('No map yet');
    useFrameStore().applyFrame(
      frameWith({
        hostMap: hostMap(
          ['db1', 'web1'],
          [
            { owner: 0, pages: { private: 8 } },
            { owner: 1, pages: { free: 8 } },
          ],
        ),
      }),
    );
    await nextTick();
    const canvas = wrapper.get('[data-testid="host-map-canvas"]');
    expect(canvas.attributes('data-digest')).toMatch(/^[0-9a-f]{8}$/);
    expect(canvas.attributes('data-cells')).toBe('2');
    expect(wrapper.get('[data-testid="host-map-window"]').text()).toBe('all 64 KiB · 8 pages/cell');
    expect(wrapper.text()).not.toContain('No map yet');
  });

  it('lists the VMs in the legend by owner, and the page states by state', async () => {
    const wrapper = mount(HostMapView);
    useFrameStore().applyFrame(frameWith({}));
    await nextTick();
    const legend = () => wrapper.get('[data-testid="host-map-legend"]').text();
    expect(legend()).toContain('db1');
    expect(legend()).toContain('web1');
    await wrapper.get('[data-testid="host-map-mode-state"]').trigger('click');
    expect(legend()).not.toContain('db1');
    expect(legend()).toContain('Compression cache');
    expect(wrapper.get('[data-testid="host-map-mode-state"]').attributes('aria-checked')).toBe('true');
  });

  it('folds more than 12 VMs into one line of the legend, and shows them all on demand', async () => {
    const wrapper = mount(HostMapView);
    const many = Array.from({ length: 13 }, (_, i) => `vm${String(i + 1).padStart(2, '0')}`);
    useFrameStore().applyFrame(frameWith({}, many));
    await nextTick();
    const legend = () => wrapper.get('[data-testid="host-map-legend"]');
    expect(legend().get('[data-testid="legend-folded"]').text()).toMatch(
      /^13 VMs in the colours of the VM list/,
    );
    expect(legend().find('[data-key="vm:vm07"]').exists()).toBe(false);
    expect(legend().text()).toContain('shared across VMs');
    await legend().get('[data-testid="legend-fold"]').trigger('click');
    expect(legend().findAll('[data-key^="vm:"]')).toHaveLength(13);
    expect(legend().find('[data-testid="legend-folded"]').exists()).toBe(false);
    await legend().get('[data-testid="legend-fold"]').trigger('click');
    expect(legend().findAll('[data-key^="vm:"]')).toHaveLength(0);
    // Twelve fit: no fold.
    useFrameStore().applyFrame({ ...frameWith({}, many.slice(0, 12)), seq: 2, tick: 2 });
    await nextTick();
    expect(legend().findAll('[data-key^="vm:"]')).toHaveLength(12);
    expect(legend().find('[data-testid="legend-fold"]').exists()).toBe(false);
  });

  it('zoom buttons are off until there is something to zoom', async () => {
    const wrapper = mount(HostMapView);
    expect(wrapper.get('[data-testid="host-map-zoom-in"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="host-map-zoom-reset"]').attributes('disabled')).toBeDefined();
  });
});

describe('guest map view', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setLabApi(quietApi);
  });
  afterEach(() => setLabApi(null));

  it('asks for a selection, then shows only the selected VM map and its guest-swapped pages', async () => {
    const wrapper = mount(GuestMapView);
    expect(wrapper.text()).toContain('Select a VM');
    useUiStore().selectVm('web1');
    useFrameStore().applyFrame(
      frameWith({ guestMap: guestMap('db1', [{ guest: { hot: 1 }, hv: { private: 1 } }], 1) }),
    );
    await nextTick();
    expect(wrapper.text()).toContain('Waiting for the map of web1');
    useFrameStore().applyFrame(
      frameWith({ guestMap: guestMap('web1', [{ guest: { hot: 1 }, hv: { private: 1 } }], 1, 512) }),
    );
    await nextTick();
    expect(wrapper.get('[data-testid="guest-map-swapped"]').text()).toContain('512 pages (2.0 MiB)');
    expect(wrapper.get('[data-testid="guest-map-canvas"]').attributes('data-cells')).toBe('1');
    expect(wrapper.get('[data-testid="guest-map-legend"]').text()).toContain('Ballooned (pinned by driver)');
  });
});
