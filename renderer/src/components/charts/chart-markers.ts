import { computed } from 'vue';
import type { ComputedRef } from 'vue';
import type { RecordedIntervention } from '../../../../core/scenario/event-schema';
import type { Scenario } from '../../../../core/scenario/scenario-schema';
import { describeIntervention } from '../../logic/live-changes';
import { useLabStore } from '../../stores/lab-store';
import { useUiStore } from '../../stores/ui-store';
import { vmColorCss } from '../maps/map-colors';
import type { TimeMarker } from './time-overlay-plugin';

/**
 * Markers for the scenario's scheduled events and the session's recorded interventions, in
 * the colour of the VM they change (the VM's colour on the maps: index in sorted id order).
 */
export function timeMarkers(
  scenario: Scenario | null,
  interventions: readonly RecordedIntervention[],
  dark: boolean,
): TimeMarker[] {
  if (scenario === null) return [];
  const order = new Map([...scenario.vms.map((v) => v.id)].sort().map((id, i) => [id, i]));
  const color = (vm: string) => vmColorCss(order.get(vm) ?? 0, dark);
  const markers: TimeMarker[] = scenario.events.map((e) => ({
    timeS: e.atS,
    kind: 'event',
    label: `${e.vm}: ${describeIntervention({ vm: e.vm, set: e.set, power: e.power })} (scheduled)`,
    color: color(e.vm),
  }));
  for (const r of interventions)
    markers.push({
      timeS: (r.tick * scenario.tickMs) / 1000,
      kind: 'intervention',
      label: `${r.intervention.vm}: ${describeIntervention(r.intervention)} (intervention)`,
      color: color(r.intervention.vm),
    });
  return markers.sort((a, b) => a.timeS - b.timeS);
}

/** The markers of the current session, for every chart. */
export function useChartMarkers(): ComputedRef<TimeMarker[]> {
  const lab = useLabStore();
  const ui = useUiStore();
  return computed(() => timeMarkers(lab.scenario, lab.interventions, ui.effectiveTheme === 'dark'));
}
