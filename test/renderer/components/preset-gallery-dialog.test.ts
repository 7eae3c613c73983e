import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import PresetGalleryDialog from '../../../renderer/src/components/dialogs/preset-gallery-dialog.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
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
    expect(items).toHaveLength(2);
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
});
