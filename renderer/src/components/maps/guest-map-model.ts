import { guestPageClasses, hvPageStates } from '../../../../core/model/memory-maps';
import type { GuestMap, GuestPageClass, HvPageState } from '../../../../core/model/memory-maps';
import { breakdown, cellRangeLabel, dominantState, quantizedShare } from './cell-breakdown';
import type { BreakdownRow } from './cell-breakdown';
import { mix } from './map-colors';
import type { MapPalette, Rgb } from './map-colors';

export const guestClassLabels: Record<GuestPageClass, string> = {
  kernel: 'Kernel',
  hot: 'Application, hot',
  cold: 'Application, cold',
  cache: 'Page cache',
  free: 'Free',
  balloon: 'Ballooned (pinned by driver)',
};

export const hvStateLabels: Record<HvPageState, string> = {
  unbacked: 'Unbacked',
  private: 'Private',
  shared: 'Shared',
  ballooned: 'Ballooned',
  compressed: 'Compressed',
  swapped: 'Swapped (host)',
};

/**
 * Colours of one strip: the dominant state other than the empty one, faded towards the empty
 * colour by the share of empty pages, so a half-used cell looks half full.
 */
export function stripColors<K extends string>(
  counts: ArrayLike<number>,
  cells: number,
  keys: readonly K[],
  emptyKey: K,
  colors: Record<K, Rgb>,
): Uint32Array {
  const out = new Uint32Array(cells);
  const n = keys.length;
  const empty = keys.indexOf(emptyKey);
  const emptyColor = colors[emptyKey];
  for (let cell = 0; cell < cells; cell += 1) {
    const dominant = dominantState(counts, cell, n, empty);
    if (dominant < 0) {
      out[cell] = emptyColor;
      continue;
    }
    const color = colors[keys[dominant] as K];
    const share = quantizedShare(counts, cell, n, empty);
    out[cell] = share > 0 ? mix(color, emptyColor, Math.min(share, 0.875)) : color;
  }
  return out;
}

export function guestStripColors(map: GuestMap, palette: MapPalette): Uint32Array {
  return stripColors(map.guestCounts, map.cells, guestPageClasses, 'free', palette.guestClasses);
}

export function hvStripColors(map: GuestMap, palette: MapPalette): Uint32Array {
  return stripColors(map.hvCounts, map.cells, hvPageStates, 'unbacked', palette.hvStates);
}

export interface GuestCellInfo {
  cell: number;
  range: string;
  guest: BreakdownRow[];
  hypervisor: BreakdownRow[];
}

/** What the tooltip of a guest map cell shows: both views of the same PPNs. */
export function describeGuestCell(map: GuestMap, cell: number): GuestCellInfo | null {
  if (cell < 0 || cell >= map.cells) return null;
  return {
    cell,
    range: cellRangeLabel(map, cell),
    guest: breakdown(map.guestCounts, cell, guestPageClasses, guestClassLabels),
    hypervisor: breakdown(map.hvCounts, cell, hvPageStates, hvStateLabels),
  };
}
