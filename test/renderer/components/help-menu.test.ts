import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import HelpMenu from '../../../renderer/src/components/toolbar/help-menu.vue';
import { useUiStore } from '../../../renderer/src/stores/ui-store';

function mountAt(search: string) {
  window.history.replaceState(null, '', `/${search}`);
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(HelpMenu, { global: { plugins: [pinia] }, attachTo: document.body });
}

afterEach(() => {
  document.body.innerHTML = '';
  sessionStorage.clear();
});

describe('Help menu (browser lab)', () => {
  it("links the validation report the bridge serves, with this page's token, in a new tab", () => {
    const w = mountAt('?token=ab12');
    const link = w.get('a[role="menuitem"]');
    expect(link.text()).toBe('Validation report');
    expect(link.attributes('href')).toBe('/validation-report.html?token=ab12');
    expect(link.attributes('target')).toBe('_blank');
    expect(link.attributes('rel')).toBe('noopener noreferrer');
  });

  it('opens the scenario help and About as dialogs, closing the menu', async () => {
    const w = mountAt('?token=ab12');
    const details = w.get('details').element as HTMLDetailsElement;
    details.open = true;
    await w.get('button[aria-label="Scenario format"]').trigger('click');
    expect(useUiStore().dialog).toBe('scenario-help');
    expect(details.open).toBe(false);
    await w.get('button[aria-label="About Balloon Lab"]').trigger('click');
    expect(useUiStore().dialog).toBe('about');
  });

  it('says the report needs the lab URL when the page has no token', () => {
    const w = mountAt('');
    expect(w.find('a[role="menuitem"]').exists()).toBe(false);
    expect(w.text()).toContain("Validation report (needs the lab's URL)");
  });
});
