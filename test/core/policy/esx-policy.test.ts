import { describe, expect, it } from 'vitest';
import { createEsxPolicy } from '../../../core/policy/esx-policy';
import type { PolicyHostView, PolicyVmView } from '../../../core/policy/policy-types';
import { policySchema } from '../../../core/scenario/policy-schema';
import type { HostState } from '../../../core/model/counters';

const spec = policySchema.parse({ balancePeriodS: 15 });

function host(over: Partial<PolicyHostView> = {}): PolicyHostView {
  return {
    tick: 0,
    tickMs: 1000,
    totalPages: 1_000_000,
    availablePages: 1_000_000,
    freePages: 10_000,
    minFreePages: 10_000,
    state: 'high',
    stateChanged: false,
    ...over,
  };
}

function vm(id: string, over: Partial<PolicyVmView> = {}): PolicyVmView {
  const consumedPages = over.consumedPages ?? 300_000;
  return {
    id,
    memoryPages: 400_000,
    reservationPages: 0,
    limitPages: 400_000,
    shares: 1000,
    memoryWeight: 5000,
    consumedPages,
    grantPages: consumedPages,
    touchedPages: 300_000,
    balloonPages: 0,
    balloonMaxPages: 260_000,
    swappedPages: 0,
    compressedPages: 0,
    activeFraction: 0.5,
    guestUsedPages: 300_000,
    guestFreePages: 100_000,
    guestCachePages: 0,
    guestSwappedPages: 0,
    driver: 'ok',
    balloonProgressTick: -1,
    ...over,
  };
}

/** Two VMs that together hold 50,000 pages too many (free is 50,000 below minFree). */
function pressured(state: HostState, over: Partial<PolicyVmView> = {}) {
  const policy = createEsxPolicy(spec);
  const decision = policy.decide(host({ state, freePages: 0, minFreePages: 50_000, stateChanged: true }), [
    vm('idle', { activeFraction: 0.02, ...over }),
    vm('busy', { activeFraction: 0.9 }),
  ])!;
  return { idle: decision.targets.get('idle')!, busy: decision.targets.get('busy')!, decision };
}

describe('ESX policy', () => {
  it('reclaims from the idle VM first (idle tax) and keeps the total within what the host can hold', () => {
    const { idle, busy } = pressured('soft');
    expect(idle.allocTargetPages + busy.allocTargetPages).toBe(600_000 - 50_000);
    expect(idle.allocTargetPages).toBeLessThan(busy.allocTargetPages);
  });

  it('soft: balloons the excess; no swapping', () => {
    const { idle, busy } = pressured('soft');
    expect(idle.balloonTargetPages).toBe(300_000 - idle.allocTargetPages);
    expect(idle.swapTargetPages).toBe(0);
    expect(busy.swapTargetPages).toBe(0);
  });

  it('hard and low: ballooning stops (targets never above the balloon) and the excess is swapped', () => {
    for (const state of ['hard', 'low'] as const) {
      const { idle } = pressured(state, { balloonPages: 10_000, consumedPages: 290_000 });
      expect(idle.balloonTargetPages).toBeLessThanOrEqual(10_000);
      expect(idle.swapTargetPages).toBe(290_000 - idle.allocTargetPages);
    }
  });

  it('high and clear: balloons only deflate toward the target', () => {
    const policy = createEsxPolicy(spec);
    const d = policy.decide(host({ state: 'high', freePages: 200_000 }), [
      vm('a', { balloonPages: 50_000, consumedPages: 250_000 }),
    ])!;
    const t = d.targets.get('a')!;
    expect(t.balloonTargetPages).toBeLessThan(50_000);
    expect(t.swapTargetPages).toBe(0);
  });

  it('without a driver there is no balloon: MCTLTGT 0, and soft cannot reclaim', () => {
    const { idle } = pressured('soft', { driver: 'absent' });
    expect(idle.balloonTargetPages).toBe(0);
  });

  it('reclaims a VM above its limit in any state: balloon first, swap what the balloon cannot', () => {
    const policy = createEsxPolicy(spec);
    const d = policy.decide(host({ state: 'high', freePages: 500_000 }), [
      vm('a', { limitPages: 100_000, consumedPages: 300_000, balloonMaxPages: 150_000 }),
    ])!;
    const t = d.targets.get('a')!;
    expect(t.allocTargetPages).toBe(100_000);
    expect(t.balloonTargetPages).toBe(150_000);
    expect(t.swapTargetPages).toBe(50_000);
  });

  it('never targets below the reservation nor above the limit', () => {
    const { idle } = pressured('soft', { reservationPages: 299_000 });
    expect(idle.allocTargetPages).toBeGreaterThanOrEqual(299_000);
  });

  it('rebalances every balance period, on a state change and when a VM changes; keeps targets in between', () => {
    const policy = createEsxPolicy(spec);
    const vms = [vm('a')];
    expect(policy.decide(host({ tick: 0 }), vms)).not.toBeNull();
    expect(policy.decide(host({ tick: 5 }), vms)).toBeNull();
    expect(policy.decide(host({ tick: 6, stateChanged: true, state: 'clear' }), vms)).not.toBeNull();
    expect(policy.decide(host({ tick: 7 }), [vm('a', { shares: 2000 })])).not.toBeNull();
    expect(policy.decide(host({ tick: 8 }), [vm('a', { shares: 2000 })])).toBeNull();
    expect(policy.decide(host({ tick: 22 }), [vm('a', { shares: 2000 })])).not.toBeNull();
  });

  it('soft/hard flapping: a looser state stops swapping at once, only a tighter one reallocates early', () => {
    const policy = createEsxPolicy(spec);
    const vms = [vm('idle', { activeFraction: 0.02 }), vm('busy', { activeFraction: 0.9 })];
    const at = (tick: number, state: HostState, freePages: number) =>
      policy.decide(host({ tick, state, freePages, minFreePages: 50_000, stateChanged: true }), vms)!;
    const hard = at(0, 'hard', 0).targets.get('idle')!;
    expect(hard.swapTargetPages).toBeGreaterThan(0);
    // Back in soft with more free memory: the state table changes at once, the allocation does not.
    const soft = at(3, 'soft', 40_000).targets.get('idle')!;
    expect(soft.swapTargetPages).toBe(0);
    expect(soft.allocTargetPages).toBe(hard.allocTargetPages);
    expect(soft.balloonTargetPages).toBeGreaterThan(0);
    // Hard again, no tighter than at the last reallocation: same allocation, swapping resumes.
    const again = at(5, 'hard', 20_000).targets.get('idle')!;
    expect(again.allocTargetPages).toBe(hard.allocTargetPages);
    expect(again.swapTargetPages).toBeGreaterThan(0);
    // Low is tighter: reallocated from the memory of that moment.
    const low = at(6, 'low', 10_000).targets.get('idle')!;
    expect(low.allocTargetPages).not.toBe(hard.allocTargetPages);
    // The balance period reallocates whatever the state.
    const periodic = policy.decide(
      host({ tick: 21, state: 'soft', freePages: 60_000, minFreePages: 50_000 }),
      vms,
    )!;
    expect(periodic.targets.get('idle')!.allocTargetPages).toBeGreaterThan(low.allocTargetPages);
  });

  it('saves and restores its state so a restored run decides the same', () => {
    const a = createEsxPolicy(spec);
    a.decide(host({ tick: 0 }), [vm('a')]);
    const b = createEsxPolicy(spec);
    b.restoreState(JSON.parse(JSON.stringify(a.saveState())));
    expect(b.decide(host({ tick: 3 }), [vm('a')])).toBeNull();
    const fromB = b.decide(host({ tick: 15 }), [vm('a')])!;
    const fromA = a.decide(host({ tick: 15 }), [vm('a')])!;
    expect([...fromB.targets]).toEqual([...fromA.targets]);
    expect(fromB.notes).toEqual(fromA.notes);
  });

  it('notes target changes in the VM log', () => {
    const { decision } = pressured('soft');
    expect(decision.notes.map((n) => n.event)).toEqual(['targets', 'targets']);
    expect(decision.notes[0]!.message).toMatch(/^soft: SZTGT [\d.]+ MiB, MCTLTGT [\d.]+ MiB, SWTGT 0\.0 MiB/);
  });
});
