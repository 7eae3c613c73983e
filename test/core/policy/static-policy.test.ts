import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createStaticPolicy, shareTargets } from '../../../core/policy/static-policy';
import { arbHostView, arbVmViews, hostView, mib, policySpec, vmView } from './policy-views';

const spec = policySpec({ kind: 'static' });

describe('static policy', () => {
  it('splits a shortage equally between VMs with equal shares and swaps what is above the target', () => {
    const policy = createStaticPolicy(spec);
    const host = hostView({ freeMiB: 0, minFreeMiB: 500, stateChanged: true, state: 'hard' });
    const d = policy.decide(host, [vmView('a', { consumedMiB: 3000 }), vmView('b', { consumedMiB: 3000 })])!;
    expect(d.targets.get('a')).toEqual({
      allocTargetPages: mib(2750),
      balloonTargetPages: 0,
      swapTargetPages: mib(250),
    });
    expect(d.targets.get('b')).toEqual({
      allocTargetPages: mib(2750),
      balloonTargetPages: 0,
      swapTargetPages: mib(250),
    });
    expect(d.notes.map((n) => n.event)).toEqual(['static-swap', 'static-swap']);
  });

  it('gives memory in proportion to shares, with no idle tax on the idle VM', () => {
    const host = hostView({ freeMiB: 0, minFreeMiB: 2000 });
    const [busy, idle] = shareTargets(host, [
      vmView('busy', { consumedMiB: 4000, shares: 2000, activeFraction: 1 }),
      vmView('idle', { consumedMiB: 4000, shares: 1000, activeFraction: 0 }),
    ]);
    expect(busy).toBe(mib(4000));
    expect(idle).toBe(mib(2000));
    const [x, y] = shareTargets(host, [
      vmView('x', { consumedMiB: 3000, activeFraction: 1 }),
      vmView('y', { consumedMiB: 3000, activeFraction: 0 }),
    ]);
    expect(x).toBe(y);
  });

  it('never takes a VM below its reservation', () => {
    const host = hostView({ freeMiB: 0, minFreeMiB: 2000 });
    const [r, u] = shareTargets(host, [
      vmView('r', { consumedMiB: 3000, reservationPages: mib(2900) }),
      vmView('u', { consumedMiB: 3000 }),
    ]);
    expect(r).toBe(mib(2900));
    expect(u).toBe(mib(6000 - 2000 - 2900));
  });

  it('does not swap while free memory is above minFree and lets VMs grow up to their limits', () => {
    const policy = createStaticPolicy(spec);
    const d = policy.decide(hostView({ freeMiB: 4000, minFreeMiB: 600 }), [
      vmView('a', { consumedMiB: 1000 }),
      vmView('b', { consumedMiB: 1000, limitPages: mib(1500) }),
    ])!;
    expect(d.targets.get('a')!.swapTargetPages).toBe(0);
    expect(d.targets.get('b')!.swapTargetPages).toBe(0);
    expect(d.targets.get('b')!.allocTargetPages).toBe(mib(1500));
    expect(d.targets.get('a')!.allocTargetPages).toBe(mib(1000 + 1000 + 3400 - 1500));
    expect(d.notes).toEqual([]);
  });

  it('swaps a VM down to its limit even when the host has memory', () => {
    const policy = createStaticPolicy(spec);
    const d = policy.decide(hostView({ freeMiB: 8000 }), [
      vmView('a', { consumedMiB: 2000, limitPages: mib(1024) }),
    ])!;
    expect(d.targets.get('a')).toEqual({
      allocTargetPages: mib(1024),
      balloonTargetPages: 0,
      swapTargetPages: mib(976),
    });
  });

  it('rebalances every balance period and when the host gets tighter, not in between', () => {
    const policy = createStaticPolicy(spec);
    const vms = [vmView('a')];
    expect(
      policy.decide(hostView({ tick: 3 }), vms),
      'a VM seen for the first time gets targets at once',
    ).not.toBeNull();
    expect(policy.decide(hostView({ tick: 7 }), vms)).toBeNull();
    expect(policy.decide(hostView({ tick: 8 }), [...vms, vmView('b')])!.targets.has('b')).toBe(true);
    expect(policy.decide(hostView({ tick: 15 }), vms)).not.toBeNull();
    expect(policy.decide(hostView({ tick: 16, stateChanged: true, state: 'soft' }), vms)).not.toBeNull();
    expect(policy.decide(hostView({ tick: 17, stateChanged: true, state: 'clear' }), vms)).toBeNull();
    expect(policy.decide(hostView({ tick: 18, stateChanged: true, state: 'soft' }), vms)).toBeNull();
    expect(policy.decide(hostView({ tick: 19, stateChanged: true, state: 'hard' }), vms)).not.toBeNull();
    // 15 s at 500 ms ticks is 30 ticks.
    expect(policy.decide(hostView({ tick: 45, tickMs: 500 }), vms)).toBeNull();
    expect(policy.decide(hostView({ tick: 60, tickMs: 500 }), vms)).not.toBeNull();
  });

  it('keeps targets within bounds for any host and VMs, never balloons, and is deterministic', () => {
    fc.assert(
      fc.property(arbHostView, arbVmViews, (host, vms) => {
        const h = { ...host, stateChanged: true };
        const d = createStaticPolicy(spec).decide(h, vms)!;
        expect(createStaticPolicy(spec).decide(h, vms)).toEqual(d);
        for (const vm of vms) {
          const t = d.targets.get(vm.id)!;
          expect(t.balloonTargetPages).toBe(0);
          expect(Number.isInteger(t.allocTargetPages) && Number.isInteger(t.swapTargetPages)).toBe(true);
          expect(t.allocTargetPages).toBeLessThanOrEqual(vm.limitPages);
          expect(t.allocTargetPages).toBeGreaterThanOrEqual(
            Math.min(vm.reservationPages, vm.consumedPages + vm.swappedPages + vm.compressedPages),
          );
          expect(t.swapTargetPages).toBe(
            Math.max(0, vm.consumedPages + vm.swappedPages + vm.compressedPages - t.allocTargetPages),
          );
        }
      }),
    );
  });

  it('continues identically after saveState/restoreState', () => {
    const host = hostView({ freeMiB: 0, minFreeMiB: 500, stateChanged: true });
    const vms = [vmView('a', { consumedMiB: 3000 }), vmView('b', { consumedMiB: 3000 })];
    const a = createStaticPolicy(spec);
    a.decide(host, vms);
    const b = createStaticPolicy(spec);
    b.restoreState(structuredClone(a.saveState()));
    const calm = hostView({ freeMiB: 5000, stateChanged: true });
    const small = [vmView('a', { consumedMiB: 1000 }), vmView('b', { consumedMiB: 1000 })];
    expect(b.decide(calm, small)).toEqual(a.decide(calm, small));
    expect(a.decide(calm, small)!.notes).toEqual([]);
    expect(() => b.restoreState({ swapping: 3 })).toThrow();
  });
});
