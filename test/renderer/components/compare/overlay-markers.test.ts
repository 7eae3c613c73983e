import { describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../../core/scenario/parse-scenario';
import { overlayMarkers } from '../../../../renderer/src/components/compare/overlay-markers';
import { twoVmScenario } from '../../support/fake-lab-api';

/** The two-VM lab with web1 powered off at `atS`. */
function labWithEventAt(atS: number) {
  return parseScenarioOrThrow({ ...twoVmScenario, events: [{ atS, vm: 'web1', power: 'off' }] });
}

describe('overlay markers', () => {
  it("marks each run's own events and interventions in its colour, named by the run", () => {
    const a = labWithEventAt(100);
    const b = labWithEventAt(300);
    const markers = overlayMarkers([
      { label: '1. esx', color: '#111111', scenario: a, interventions: [] },
      {
        label: '2. kvm-mom',
        color: '#222222',
        scenario: b,
        // Tick 200 of 1000 ms: 200 s into run b.
        interventions: [{ tick: 200, intervention: { vm: 'db1', set: { shares: 'high' } } }],
      },
    ]);
    expect(markers.map((m) => [m.timeS, m.kind, m.color])).toEqual([
      [100, 'event', '#111111'],
      [200, 'intervention', '#222222'],
      [300, 'event', '#222222'],
    ]);
    expect(markers[0]!.label).toMatch(/^1\. esx — web1: .*off.* \(scheduled\)$/);
    expect(markers[1]!.label).toMatch(/^2\. kvm-mom — db1: .*\(intervention\)$/);
    expect(markers[2]!.label).toMatch(/^2\. kvm-mom — web1: /);
  });

  it('draws nothing for a run without a scenario, and nothing without runs', () => {
    expect(overlayMarkers([{ label: 'x', color: '#000', scenario: null, interventions: [] }])).toEqual([]);
    expect(overlayMarkers([])).toEqual([]);
  });
});
