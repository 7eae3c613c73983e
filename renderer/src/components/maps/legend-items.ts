import { guestPageClasses, hostPageStates, hvPageStates } from '../../../../core/model/memory-maps';
import type { HostPageState } from '../../../../core/model/memory-maps';
import { guestClassLabels, hvStateLabels } from './guest-map-model';
import { hostStateLabels, ownerShade } from './host-map-model';
import type { HostMapMode } from './host-map-model';
import { cssColor, vmColor } from './map-colors';
import type { MapPalette } from './map-colors';

export interface LegendEntry {
  key: string;
  label: string;
  color: string;
  title?: string;
  /** One of many alike (a VM): folded into a count when a legend holds too many of them. */
  foldable?: boolean;
}

/** One swatch per VM, in the colour it has on the maps and charts. */
export function vmLegend(vmIds: readonly string[], palette: MapPalette): LegendEntry[] {
  return vmIds.map((id, i) => ({
    key: `vm:${id}`,
    label: id,
    color: cssColor(vmColor(i, palette.dark)),
    foldable: true,
  }));
}

/**
 * The host map legend: in "owner" mode the VMs, the shades that tell the page state inside a
 * VM's colour, and the cells that belong to no single VM; in "state" mode one swatch per state.
 */
export function hostLegend(
  mode: HostMapMode,
  vmIds: readonly string[],
  palette: MapPalette,
): { owners: LegendEntry[]; states: LegendEntry[] } {
  if (mode === 'state') {
    return {
      owners: [],
      states: hostPageStates.map((s) => ({
        key: s,
        label: hostStateLabels[s],
        color: cssColor(palette.hostStates[s]),
      })),
    };
  }
  const example = vmColor(0, palette.dark);
  const shaded: HostPageState[] = ['private', 'shared', 'zip', 'overhead'];
  return {
    owners: [
      ...vmLegend(vmIds, palette),
      { key: 'shared-across', label: 'shared across VMs', color: cssColor(palette.sharedAcross) },
    ],
    states: [
      { key: 'free', label: hostStateLabels.free, color: cssColor(palette.hostStates.free) },
      {
        key: 'hypervisor',
        label: hostStateLabels.hypervisor,
        color: cssColor(palette.hostStates.hypervisor),
      },
      ...shaded.map((s) => ({
        key: s,
        label: hostStateLabels[s],
        color: cssColor(ownerShade(example, s, palette)),
        title: `${hostStateLabels[s]}: shade of the owning VM's colour`,
      })),
    ],
  };
}

export function guestLegend(palette: MapPalette): { guest: LegendEntry[]; hypervisor: LegendEntry[] } {
  return {
    guest: guestPageClasses.map((c) => ({
      key: c,
      label: guestClassLabels[c],
      color: cssColor(palette.guestClasses[c]),
    })),
    hypervisor: hvPageStates.map((s) => ({
      key: s,
      label: hvStateLabels[s],
      color: cssColor(palette.hvStates[s]),
    })),
  };
}
