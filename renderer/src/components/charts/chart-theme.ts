import type { HostState } from '../../../../core/model/counters';
import { mapPalette } from '../maps/map-colors';
import type { MapPalette } from '../maps/map-colors';

/** Colours the charts use, read from the app's CSS variables (styles/theme.css). */
export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  accent: string;
  states: Record<HostState, string>;
  /** Shared with the maps so a colour means the same thing everywhere. */
  palette: MapPalette;
}

const lightFallback = {
  text: '#1d2330',
  muted: '#5a6372',
  grid: '#cfd4db',
  surface: '#ffffff',
  accent: '#2458c6',
  high: '#1d7a38',
  clear: '#1f6f9c',
  soft: '#b58400',
  hard: '#c25400',
  low: '#b3261e',
};

const darkFallback: typeof lightFallback = {
  text: '#e4e7ec',
  muted: '#9aa3b2',
  grid: '#3a414d',
  surface: '#1c2027',
  accent: '#6c9bff',
  high: '#2ea043',
  clear: '#388bfd',
  soft: '#d29922',
  hard: '#db6d28',
  low: '#f85149',
};

/** Reads a CSS variable; '' (not defined, or no styles as in unit tests) gives `fallback`. */
export type CssVarReader = (name: string) => string;

export function chartTheme(dark: boolean, readVar: CssVarReader = () => ''): ChartTheme {
  const f = dark ? darkFallback : lightFallback;
  const v = (name: string, fallback: string) => readVar(name).trim() || fallback;
  return {
    dark,
    text: v('--text', f.text),
    muted: v('--text-muted', f.muted),
    grid: v('--border', f.grid),
    surface: v('--surface', f.surface),
    accent: v('--accent', f.accent),
    states: {
      high: v('--state-high', f.high),
      clear: v('--state-clear', f.clear),
      soft: v('--state-soft', f.soft),
      hard: v('--state-hard', f.hard),
      low: v('--state-low', f.low),
    },
    palette: mapPalette(dark),
  };
}

/** The theme as the document currently styles it. */
export function documentChartTheme(dark: boolean): ChartTheme {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return chartTheme(dark);
  const style = getComputedStyle(document.documentElement);
  return chartTheme(dark, (name) => style.getPropertyValue(name));
}

/** `color` with alpha, for fills: accepts #rgb/#rrggbb (what theme.css uses). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!hex?.[1]) return color;
  const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${h}${a}`;
}
