import { hostPageStates } from '../../../../core/model/memory-maps';
import type { HostMap, HostPageState } from '../../../../core/model/memory-maps';
import { breakdown, cellRangeLabel, dominantState, quantizedShare } from './cell-breakdown';
import type { BreakdownRow } from './cell-breakdown';
import { mix, vmColor } from './map-colors';
import type { MapPalette, Rgb } from './map-colors';

/** "owner": hue = owning VM, shade = page state; "state": colour = page state only. */
export type HostMapMode = 'owner' | 'state';

export const hostStateLabels: Record<HostPageState, string> = {
  free: 'Free',
  hypervisor: 'Hypervisor',
  overhead: 'VM overhead',
  private: 'Private',
  shared: 'Shared (copy-on-write)',
  zip: 'Compression cache',
};

/** How the owner colour is shaded for each state in "owner" mode (shown in the legend too). */
export function ownerShade(base: Rgb, state: HostPageState, palette: MapPalette): Rgb {
  switch (state) {
    case 'private':
      return base;
    case 'shared':
      return mix(base, palette.dark ? 0x000000 : 0xffffff, 0.5);
    case 'zip':
      return mix(base, palette.dark ? 0xffffff : 0x000000, 0.45);
    case 'overhead':
      return mix(base, 0x808080, 0.65);
    case 'hypervisor':
      return palette.hostStates.hypervisor;
    case 'free':
      return palette.hostStates.free;
  }
}

/**
 * Palette index of each entry of `map.vmIds`: the VM's position in the id-sorted list of all
 * VMs, so a VM keeps its colour whatever subset a zoomed window happens to contain.
 */
export function ownerPaletteIndices(mapVmIds: readonly string[], allVmIds: readonly string[]): Int32Array {
  const position = new Map(allVmIds.map((id, i) => [id, i]));
  const out = new Int32Array(mapVmIds.length);
  mapVmIds.forEach((id, i) => {
    out[i] = position.get(id) ?? allVmIds.length + i;
  });
  return out;
}

const stateCount = hostPageStates.length;
const freeIndex = hostPageStates.indexOf('free');

/**
 * One colour per cell. The dominant non-free state picks the shade (and in "owner" mode the
 * owner picks the hue); the cell then fades towards the free colour by its share of free pages.
 */
export function hostCellColors(
  map: HostMap,
  mode: HostMapMode,
  palette: MapPalette,
  paletteIndex: Int32Array,
): Uint32Array {
  const out = new Uint32Array(map.cells);
  const free = palette.hostStates.free;
  for (let cell = 0; cell < map.cells; cell += 1) {
    const dominant = dominantState(map.counts, cell, stateCount, freeIndex);
    if (dominant < 0) {
      out[cell] = free;
      continue;
    }
    const state = hostPageStates[dominant] as HostPageState;
    let used: Rgb;
    if (mode === 'state' || state === 'hypervisor') {
      used = palette.hostStates[state];
    } else {
      const owner = map.owner[cell] ?? -1;
      if (owner === -2) used = palette.sharedAcross;
      else if (owner < 0) used = palette.hostStates[state];
      else used = ownerShade(vmColor(paletteIndex[owner] ?? owner, palette.dark), state, palette);
    }
    const freeShare = quantizedShare(map.counts, cell, stateCount, freeIndex);
    out[cell] = freeShare > 0 ? mix(used, free, Math.min(freeShare, 0.875)) : used;
  }
  return out;
}

export interface HostCellInfo {
  cell: number;
  range: string;
  owner: string;
  rows: BreakdownRow[];
}

export function ownerLabel(map: HostMap, cell: number): string {
  const owner = map.owner[cell] ?? -1;
  if (owner === -2) return 'shared across VMs';
  if (owner < 0) return 'no VM';
  return map.vmIds[owner] ?? `VM #${owner}`;
}

/** What the tooltip of a host map cell shows. */
export function describeHostCell(map: HostMap, cell: number): HostCellInfo | null {
  if (cell < 0 || cell >= map.cells) return null;
  return {
    cell,
    range: cellRangeLabel(map, cell),
    owner: ownerLabel(map, cell),
    rows: breakdown(map.counts, cell, hostPageStates, hostStateLabels),
  };
}
