import { describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import {
  describeIntervention,
  liveChanges,
  withInterventions,
} from '../../../renderer/src/logic/live-changes';
import { twoVmScenario } from '../support/fake-lab-api';

const base = parseScenarioOrThrow(twoVmScenario);

describe('live changes', () => {
  it('finds nothing to do in an unchanged scenario', () => {
    expect(liveChanges(base, structuredClone(base))).toEqual({ interventions: [], refused: [] });
  });

  it('sends only the changed live settings of each VM', () => {
    const next = structuredClone(base);
    next.vms[1]!.limitMiB = 4096;
    next.vms[1]!.shares = 'high';
    expect(liveChanges(base, next)).toEqual({
      interventions: [{ vm: 'db1', set: { limitMiB: 4096, shares: 'high' } }],
      refused: [],
    });
  });

  it('lists what needs a reset', () => {
    const next = structuredClone(base);
    next.host.memoryMiB = 8192;
    next.vms[0]!.guestOs = 'windows';
    next.vms.pop();
    expect(liveChanges(base, next).refused).toEqual(['host', 'vms (VM removed)', 'vms[0].guestOs']);
  });

  it('shows the scenario as the recorded interventions left it', () => {
    const after = withInterventions(base, [
      { tick: 5, intervention: { vm: 'web1', set: { reservationMiB: 512 } } },
      { tick: 9, intervention: { vm: 'web1', power: 'off' } },
      { tick: 9, intervention: { vm: 'web1', set: { reservationMiB: 256, balloonDriver: 'stuck' } } },
    ]);
    expect(after.vms[0]).toMatchObject({ reservationMiB: 256, balloonDriver: 'stuck' });
    expect(base.vms[0]!.reservationMiB).toBe(0);
  });

  it('describes an intervention in a few words', () => {
    expect(
      describeIntervention({
        vm: 'a',
        power: 'on',
        set: { limitMiB: null, workload: { kind: 'idle' } as never },
      }),
    ).toBe('power on, limitMiB none, workload idle');
  });
});
