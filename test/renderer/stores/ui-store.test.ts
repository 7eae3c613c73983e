import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { installFakeLab } from '../support/fake-setup';

function fakeMatchMedia(dark: boolean) {
  const listeners: ((e: { matches: boolean }) => void)[] = [];
  const mql = {
    matches: dark,
    addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.push(l),
    removeEventListener: () => {},
  };
  vi.stubGlobal('matchMedia', () => mql);
  return (next: boolean) => {
    mql.matches = next;
    listeners.forEach((l) => l({ matches: next }));
  };
}

beforeEach(() => {
  localStorage.clear();
  installFakeLab();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ui store', () => {
  it('follows the system colour scheme unless a theme is chosen', async () => {
    const setSystemDark = fakeMatchMedia(false);
    const ui = useUiStore();
    expect(ui.theme).toBe('system');
    expect(ui.effectiveTheme).toBe('light');
    setSystemDark(true);
    await nextTick();
    expect(ui.effectiveTheme).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    ui.setTheme('light');
    await nextTick();
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('remembers theme, tab and layout across windows', async () => {
    fakeMatchMedia(false);
    const ui = useUiStore();
    ui.setTheme('dark');
    ui.lowerTab = 'esxtop';
    ui.setMapsPct(200);
    await nextTick();
    installFakeLab();
    const again = useUiStore();
    expect(again.theme).toBe('dark');
    expect(again.lowerTab).toBe('esxtop');
    expect(again.mapsPct).toBe(75);
  });

  it('ignores a corrupt stored entry', () => {
    fakeMatchMedia(false);
    localStorage.setItem('balloon-lab.ui', '{"theme":"neon","lowerTab":');
    const ui = useUiStore();
    expect(ui.theme).toBe('system');
    expect(ui.lowerTab).toBe('log');
  });

  it('restores a session view and falls back to the first VM', () => {
    fakeMatchMedia(false);
    const ui = useUiStore();
    ui.restore({ selectedVm: 'gone', lowerTab: 'bogus' }, ['a', 'b']);
    expect(ui.selectedVm).toBe('a');
    expect(ui.lowerTab).toBe('log');
    ui.restore({ selectedVm: 'b', lowerTab: 'charts' }, ['a', 'b']);
    expect(ui.selectedVm).toBe('b');
    expect(ui.lowerTab).toBe('charts');
    ui.restore({}, []);
    expect(ui.selectedVm).toBeNull();
  });
});
