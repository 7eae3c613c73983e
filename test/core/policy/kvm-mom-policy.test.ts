import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createKvmMomPolicy, momGuestSize } from '../../../core/policy/kvm-mom-policy';
import { arbHostView, arbVmViews, hostView, mib, policySpec, vmView } from './policy-views';

const spec = policySpec({ kind: 'kvm-mom' });
const mom = spec.mom;
// host free fraction = free / available; available 10000 MiB keeps the arithmetic readable.
const host = (freeMiB: number, o: Parameters<typeof hostView>[0] = {}) =>
  hostView({ availableMiB: 10_000, freeMiB, tick: 10, ...o });

describe('kvm-mom guest size (balloon.rules)', () => {
  it('shrinks a guest with plenty of free memory by exactly shrinkPct per step under pressure', () => {
    const vm = vmView('a', { memoryMiB: 4096, usedMiB: 1000 });
    expect(momGuestSize(vm, 0.1, mom)).toBe(Math.round(mib(4096) * 0.95));
  });

  it('stops shrinking at used + a free target scaled by host pressure', () => {
    // host free 10% of a 20% threshold: the guest keeps 0.2 * 10/20 = 10% of its size free.
    const vm = vmView('a', { memoryMiB: 4096, usedMiB: 3500 });
    expect(momGuestSize(vm, 0.1, mom)).toBe(Math.round(mib(3500) + 0.1 * mib(4096)));
    // A guest already at used + target is left alone (shrink_guest never grows).
    expect(momGuestSize(vmView('b', { memoryMiB: 4096, usedMiB: 3800 }), 0.1, mom)).toBeNull();
  });

  it('under critical pressure balloons the guest below what it uses, forcing guest swap', () => {
    const vm = vmView('a', { memoryMiB: 4096, balloonPages: mib(1096), usedMiB: 3000 });
    const size = momGuestSize(vm, 0.04, mom)!;
    expect(size).toBe(Math.round(mib(3000) * (1 + 0.04 - 0.05)));
    expect(size).toBeLessThan(vm.guestUsedPages);
    // The same guest at 10% host free is not shrunk at all.
    expect(momGuestSize(vm, 0.1, mom)).toBeNull();
  });

  it('grows a ballooned guest by growPct when the host is not under pressure, at least to used + 20% free, at most to its maximum', () => {
    const cur3072 = { memoryMiB: 4096, balloonPages: mib(1024) };
    expect(momGuestSize(vmView('a', { ...cur3072, usedMiB: 1000 }), 0.5, mom)).toBe(
      Math.round(mib(3072) * 1.05),
    );
    expect(momGuestSize(vmView('a', { ...cur3072, usedMiB: 3000 }), 0.5, mom)).toBe(
      Math.round(mib(3000) + 0.2 * mib(3072)),
    );
    expect(
      momGuestSize(vmView('a', { memoryMiB: 4096, balloonPages: mib(96), usedMiB: 1000 }), 0.5, mom),
    ).toBe(mib(4096));
    expect(momGuestSize(vmView('a', { memoryMiB: 4096, usedMiB: 1000 }), 0.5, mom)).toBeNull();
  });

  it('ignores changes below ignoreChangePct of the guest size', () => {
    expect(
      momGuestSize(vmView('a', { memoryMiB: 4096, balloonPages: mib(6), usedMiB: 100 }), 0.5, mom),
    ).toBeNull();
    expect(
      momGuestSize(vmView('a', { memoryMiB: 4096, balloonPages: mib(20), usedMiB: 100 }), 0.5, mom),
    ).toBe(mib(4096));
  });

  it('never shrinks below the guaranteed memory (reservation) or past the balloon cap', () => {
    expect(
      momGuestSize(
        vmView('a', { memoryMiB: 4096, balloonPages: mib(50), usedMiB: 100, reservationPages: mib(4000) }),
        0.01,
        mom,
      ),
    ).toBe(mib(4000));
    const capped = vmView('b', { memoryMiB: 4096, balloonPages: mib(2600), usedMiB: 100 });
    expect(momGuestSize(capped, 0.01, mom)).toBe(mib(4096) - capped.balloonMaxPages);
  });
});

describe('kvm-mom policy', () => {
  it('decides only every mom.stepS seconds while the host is not in the hard or low state', () => {
    const policy = createKvmMomPolicy(spec);
    const vms = [vmView('a')];
    const first = policy.decide(host(1000, { tick: 3 }), vms)!;
    expect(first.targets.get('a'), 'a VM seen for the first time keeps its balloon').toEqual({
      allocTargetPages: mib(4096),
      balloonTargetPages: 0,
      swapTargetPages: 0,
    });
    expect(policy.decide(host(1000, { tick: 5 }), vms)).toBeNull();
    expect(policy.decide(host(1000, { tick: 10 }), vms)).not.toBeNull();
    expect(policy.decide(host(1000, { tick: 10, tickMs: 500 }), vms)).toBeNull();
    expect(policy.decide(host(1000, { tick: 20, tickMs: 500 }), vms)).not.toBeNull();
  });

  it("reads host pressure as free over the host's total memory (MOM's Host.mem_available is MemTotal)", () => {
    // The same 1,600 MiB free is 16% of a 10,000 MiB host (pressure: shrink) but 4% of a 40,000 MiB one (critical).
    const vms = [vmView('a', { usedMiB: 1000 })];
    const over = (totalMiB: number) =>
      createKvmMomPolicy(spec).decide(host(1600, { totalPages: mib(totalMiB) }), vms)!.notes[0]?.event;
    expect(over(10_000)).toBe('mom-shrink');
    expect(over(40_000)).toBe('mom-critical');
  });

  it('turns MOM guest sizes into balloon targets and logs the mode change once', () => {
    const policy = createKvmMomPolicy(spec);
    const vms = [vmView('a', { usedMiB: 1000 }), vmView('b', { usedMiB: 1000, driver: 'absent' })];
    const d = policy.decide(host(1000), vms)!;
    expect(d.targets.get('a')!.balloonTargetPages).toBe(mib(4096) - Math.round(mib(4096) * 0.95));
    expect(d.targets.get('a')!.allocTargetPages).toBe(Math.round(mib(4096) * 0.95));
    expect(d.targets.get('b')!.balloonTargetPages).toBe(0);
    expect(d.notes.map((n) => `${n.vm}:${n.event}`)).toEqual(['a:mom-shrink', 'b:mom-shrink']);
    expect(policy.decide(host(1000, { tick: 20 }), vms)!.notes).toEqual([]);
    expect(policy.decide(host(300, { tick: 30 }), vms)!.notes.map((n) => n.event)).toEqual([
      'mom-critical',
      'mom-critical',
    ]);
  });

  it('keeps the previous balloon target when MOM skips a guest', () => {
    const policy = createKvmMomPolicy(spec);
    const shrunk = mib(4096) - Math.round(mib(4096) * 0.95);
    expect(
      policy.decide(host(1000), [vmView('a', { usedMiB: 1000 })])!.targets.get('a')!.balloonTargetPages,
    ).toBe(shrunk);
    // 4 MiB short of its maximum, growing would change the guest by less than ignoreChangePct: no new target.
    const d = policy.decide(host(9000, { tick: 20 }), [
      vmView('a', { usedMiB: 1000, balloonPages: mib(4) }),
    ])!;
    expect(d.targets.get('a')!.balloonTargetPages).toBe(shrunk);
  });

  it('swaps guest memory on the host in the hard state, spread by resident pages, and stops after', () => {
    const policy = createKvmMomPolicy(spec);
    const vms = [
      vmView('a', { consumedMiB: 3000, swappedPages: mib(10) }),
      vmView('b', { consumedMiB: 1000, driver: 'absent' }),
    ];
    const hard = hostView({ availableMiB: 10_000, freeMiB: 100, minFreeMiB: 500, state: 'hard', tick: 3 });
    const d = policy.decide(hard, vms)!;
    expect(d.targets.get('a')!.swapTargetPages).toBe(mib(10) + mib(300));
    expect(d.targets.get('b')!.swapTargetPages).toBe(mib(100));
    expect(d.targets.get('b')!.allocTargetPages).toBe(mib(900));
    expect(d.notes.map((n) => n.event)).toEqual(['host-swap', 'host-swap']);
    const calm = policy.decide(
      hostView({ availableMiB: 10_000, freeMiB: 600, minFreeMiB: 500, state: 'clear', tick: 4 }),
      vms,
    )!;
    expect(calm.targets.get('a')!.swapTargetPages).toBe(0);
    expect(calm.notes.map((n) => n.event)).toEqual(['host-swap-end', 'host-swap-end']);
    expect(policy.decide(hostView({ state: 'clear', tick: 5 }), vms)).toBeNull();
  });

  it('keeps targets within bounds for any host and VMs and is deterministic', () => {
    fc.assert(
      fc.property(arbHostView, arbVmViews, (h, vms) => {
        const host0 = { ...h, tick: 0 };
        const d = createKvmMomPolicy(spec).decide(host0, vms)!;
        expect(createKvmMomPolicy(spec).decide(host0, vms)).toEqual(d);
        for (const vm of vms) {
          const t = d.targets.get(vm.id)!;
          for (const v of Object.values(t)) expect(Number.isInteger(v) && v >= 0).toBe(true);
          expect(t.balloonTargetPages).toBeLessThanOrEqual(Math.max(vm.balloonMaxPages, vm.balloonPages));
          expect(t.allocTargetPages).toBeLessThanOrEqual(vm.memoryPages);
          if (vm.driver !== 'absent' && t.balloonTargetPages !== vm.balloonPages) {
            expect(vm.memoryPages - t.balloonTargetPages).toBeGreaterThanOrEqual(
              Math.min(vm.reservationPages, vm.memoryPages - vm.balloonPages),
            );
          }
        }
      }),
    );
  });

  it('continues identically after saveState/restoreState', () => {
    const vms = [vmView('a', { usedMiB: 1000 }), vmView('b', { usedMiB: 3000 })];
    const a = createKvmMomPolicy(spec);
    a.decide(host(1000), vms);
    a.decide(hostView({ availableMiB: 10_000, freeMiB: 10, state: 'low', tick: 11 }), vms);
    const b = createKvmMomPolicy(spec);
    b.restoreState(structuredClone(a.saveState()));
    expect(b.saveState()).toEqual(a.saveState());
    for (const tick of [12, 20, 30]) {
      const h = host(tick === 30 ? 8000 : 400, { tick, state: tick === 12 ? 'low' : 'clear' });
      expect(b.decide(h, vms)).toEqual(a.decide(h, vms));
    }
    expect(() => b.restoreState({ mode: 'panic' })).toThrow();
  });
});
