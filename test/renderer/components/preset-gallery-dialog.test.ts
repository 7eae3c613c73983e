import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import PresetGalleryDialog from '../../../renderer/src/components/dialogs/preset-gallery-dialog.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

describe('preset gallery', () => {
  it('lists each preset with its one-line description', async () => {
    const w = mount(PresetGalleryDialog, { global: { plugins: [pinia] } });
    await flushPromises();
    const items = w.findAll('[role="option"]');
    // Two presets and the blank lab.
    expect(items).toHaveLength(3);
    expect(items[2]!.text()).toContain('Blank lab');
    expect(items[0]!.text()).toContain('Basics');
    expect(items[0]!.text()).toContain('watch the balloon inflate');
    expect(items[1]!.text()).toContain('8.0 GiB host · 2 VMs');
  });

  it('starts a session from the chosen preset and closes', async () => {
    const w = mount(PresetGalleryDialog, { global: { plugins: [pinia] } });
    await flushPromises();
    await w.find('[data-preset="balloon-vs-swap"]').trigger('click');
    await w.find('button.primary').trigger('click');
    await flushPromises();
    expect(fake.callsOf('newSession')).toEqual([{ presetId: 'balloon-vs-swap' }]);
    expect(useLabStore().session.name).toBe('balloon-vs-swap');
    expect(w.emitted('close')).toHaveLength(1);
  });

  it('stays open and says why when the lab refuses', async () => {
    fake.handle('newSession', () => Promise.reject({ code: 'busy', message: 'an export is running' }));
    const w = mount(PresetGalleryDialog, { global: { plugins: [pinia] } });
    await flushPromises();
    await w.find('[data-preset="basics"]').trigger('dblclick');
    await flushPromises();
    expect(w.emitted('close')).toBeUndefined();
  });

  it('starts a blank lab (a host without VMs) on the Scenario tab', async () => {
    const w = mount(PresetGalleryDialog, { global: { plugins: [pinia] } });
    await flushPromises();
    await w.find('[data-preset="(blank)"]').trigger('dblclick');
    await flushPromises();
    const sent = fake.callsOf('newSession')[0] as { scenario: { vms: unknown[]; events: unknown[] } };
    expect(sent.scenario.vms).toEqual([]);
    expect(sent.scenario.events).toEqual([]);
    expect(useUiStore().lowerTab).toBe('scenario');
    expect(w.emitted('close')).toHaveLength(1);
  });
});
