import { onScopeDispose, shallowRef, watch } from 'vue';
import type { ShallowRef } from 'vue';
import { useUiStore } from '../../stores/ui-store';
import { documentChartTheme } from './chart-theme';
import type { ChartTheme } from './chart-theme';

/** The chart theme, re-read from the CSS variables whenever the effective theme flips. */
export function useChartTheme(): ShallowRef<ChartTheme> {
  const ui = useUiStore();
  const theme = shallowRef(documentChartTheme(ui.effectiveTheme === 'dark'));
  // 'post': the ui store sets data-theme on <html> first, so the variables are the new ones.
  const stop = watch(
    () => ui.effectiveTheme,
    (t) => {
      theme.value = documentChartTheme(t === 'dark');
    },
    { flush: 'post' },
  );
  onScopeDispose(stop);
  return theme;
}
