import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import ExportDialog from '../../../renderer/src/components/dialogs/export-dialog.vue';
import ModalDialog from '../../../renderer/src/components/dialogs/modal-dialog.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  await useLabStore().init();
  await useLabStore().step(120);
});
afterEach(() => {
  setLabApi(null);
  document.body.innerHTML = '';
});

/** A key pressed with focus on the page itself, as after the focused button turned disabled. */
function pressOnPage(key: string, shiftKey = false): void {
  (document.activeElement as HTMLElement | null)?.blur();
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));
}

describe('a dialog that lost focus to the page', () => {
  it('still closes on Escape while its export runs (the Export button it had is disabled)', async () => {
    fake.handle('exportCsv', () => ({ exportId: 'export-1', location: 'run 1' }));
    const w = mount(ExportDialog, { global: { plugins: [pinia] }, attachTo: document.body });
    const exportButton = w.find('button.primary');
    (exportButton.element as HTMLButtonElement).focus();
    await exportButton.trigger('click');
    await flushPromises();
    expect(exportButton.attributes('disabled')).toBeDefined();
    pressOnPage('Escape');
    expect(w.emitted('close')).toHaveLength(1);
    w.unmount();
  });

  it('takes Tab back into the dialog instead of the lab behind it', async () => {
    const w = mount(ModalDialog, {
      props: { title: 'Question' },
      slots: { default: '<input id="first-field" />', footer: '<button id="last">OK</button>' },
      attachTo: document.body,
    });
    await flushPromises();
    pressOnPage('Tab');
    // The close button comes first in the panel, the footer's button last.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Close dialog');
    pressOnPage('Tab', true);
    expect(document.activeElement?.id).toBe('last');
    w.unmount();
  });

  it('leaves the key to the topmost dialog when two are open', async () => {
    const below = mount(ModalDialog, { props: { title: 'Below' }, attachTo: document.body });
    const above = mount(ModalDialog, { props: { title: 'Above', alert: true }, attachTo: document.body });
    await flushPromises();
    pressOnPage('Escape');
    expect(above.emitted('close')).toHaveLength(1);
    expect(below.emitted('close')).toBeUndefined();
    above.unmount();
    below.unmount();
  });
});
