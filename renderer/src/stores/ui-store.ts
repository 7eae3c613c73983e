import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type LowerTab = 'log' | 'charts' | 'esxtop' | 'scenario' | 'compare' | 'sweep';
export type DialogKind =
  'new' | 'open' | 'save-as' | 'export' | 'recovery' | 'about' | 'scenario-help' | 'import-trace';

const storageKey = 'balloon-lab.ui';
const themes: readonly ThemeChoice[] = ['light', 'dark', 'system'];
const tabs: readonly LowerTab[] = ['log', 'charts', 'esxtop', 'scenario', 'compare', 'sweep'];

interface Persisted {
  theme: ThemeChoice;
  lowerTab: LowerTab;
  /** Height of the maps area in percent of the work area. */
  mapsPct: number;
}

const clampMapsPct = (pct: number) => Math.min(75, Math.max(20, pct));

function readPersisted(): Persisted {
  const fallback: Persisted = { theme: 'system', lowerTab: 'log', mapsPct: 45 };
  try {
    const raw = globalThis.localStorage?.getItem(storageKey);
    if (raw == null) return fallback;
    const parsed = JSON.parse(raw) as Partial<Persisted>;
    return {
      theme: themes.includes(parsed.theme as ThemeChoice) ? (parsed.theme as ThemeChoice) : fallback.theme,
      lowerTab: tabs.includes(parsed.lowerTab as LowerTab)
        ? (parsed.lowerTab as LowerTab)
        : fallback.lowerTab,
      mapsPct:
        typeof parsed.mapsPct === 'number' && Number.isFinite(parsed.mapsPct)
          ? clampMapsPct(parsed.mapsPct)
          : fallback.mapsPct,
    };
  } catch {
    // Private mode or a corrupt entry: defaults are fine.
    return fallback;
  }
}

function darkQuery(): MediaQueryList | null {
  return typeof globalThis.matchMedia === 'function'
    ? globalThis.matchMedia('(prefers-color-scheme: dark)')
    : null;
}

/** Selection, theme, tabs and dialogs: view state that is not part of the lab session. */
export const useUiStore = defineStore('ui', () => {
  const initial = readPersisted();
  const selectedVm = ref<string | null>(null);
  const theme = ref<ThemeChoice>(initial.theme);
  const lowerTab = ref<LowerTab>(initial.lowerTab);
  const dialog = ref<DialogKind | null>(null);
  const mapsPct = ref(initial.mapsPct);

  const query = darkQuery();
  const systemDark = ref(query?.matches ?? false);
  query?.addEventListener('change', (e) => {
    systemDark.value = e.matches;
  });

  const effectiveTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value,
  );

  watch(
    effectiveTheme,
    (t) => {
      if (typeof document === 'undefined') return;
      document.documentElement.dataset.theme = t;
    },
    { immediate: true },
  );

  watch([theme, lowerTab, mapsPct], ([t, tab, pct]) => {
    try {
      globalThis.localStorage?.setItem(
        storageKey,
        JSON.stringify({ theme: t, lowerTab: tab, mapsPct: pct } satisfies Persisted),
      );
    } catch {
      // Storage full or denied: the choice still holds for this window.
    }
  });

  function selectVm(id: string | null): void {
    selectedVm.value = id;
  }

  function setTheme(t: ThemeChoice): void {
    theme.value = t;
  }

  function setMapsPct(pct: number): void {
    if (Number.isFinite(pct)) mapsPct.value = clampMapsPct(pct);
  }

  function openDialog(kind: DialogKind): void {
    dialog.value = kind;
  }

  function closeDialog(): void {
    dialog.value = null;
  }

  /** What a saved session remembers of the view. */
  function snapshot(): Record<string, unknown> {
    return { selectedVm: selectedVm.value, lowerTab: lowerTab.value };
  }

  /** Restores a session's view state, ignoring VMs that no longer exist. */
  function restore(state: Record<string, unknown>, vmIds: readonly string[]): void {
    const vm = state.selectedVm;
    selectedVm.value = typeof vm === 'string' && vmIds.includes(vm) ? vm : (vmIds[0] ?? null);
    if (tabs.includes(state.lowerTab as LowerTab)) lowerTab.value = state.lowerTab as LowerTab;
  }

  return {
    selectedVm,
    theme,
    effectiveTheme,
    systemDark,
    lowerTab,
    mapsPct,
    dialog,
    selectVm,
    setTheme,
    setMapsPct,
    openDialog,
    closeDialog,
    snapshot,
    restore,
  };
});
