import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHypervPolicy, hypervWanted } from '../../../core/policy/hyperv-policy';
import { arbHostView, arbVmViews, hostView, mib, policySpec, vmView as anyVm } from './policy-views';

const spec = policySpec({ kind: 'hyperv' });
// Hyper-V has no balloon cap of its own: these VMs may balloon all their memory unless a test says otherwise.
const vmView = (id: string, o: Parameters<typeof anyVm>[1] = {}) => {
  const memoryPages = o.memoryPages ?? mib(o.memoryMiB ?? 4096);
  return anyVm(id, { balloonMaxPages: memoryPages, ...o });
};
const roomy = (o: Parameters<typeof hostView>[0] = {}) =>
  hostView({ availableMiB: 60_000, minFreeMiB: 1000, ...o });

describe('hyperv wanted size', () => {
  it('is committed memory (used minus page cache) plus the 20% buffer', () => {
    const w = hypervWanted(vmView('a', { usedMiB: 2000, guestCachePages: mib(500) }), spec.hyperv);
    expect(w.wanted).toBe(Math.ceil(mib(1500) * 1.2));
    const b50 = hypervWanted(
      vmView('a', { usedMiB: 2000, guestCachePages: mib(500) }),
      policySpec({ hyperv: { bufferPct: 50 } }).hyperv,
    );
    expect(b50.wanted).toBe(mib(2250));
  });

  it("counts what the guest paged out as committed (Windows' commit charge includes page-file-backed pages)", () => {
    const paged = hypervWanted(
      vmView('a', { usedMiB: 2000, guestCachePages: mib(500), guestSwappedPages: mib(300) }),
      spec.hyperv,
    );
    expect(paged.wanted).toBe(Math.ceil(mib(1800) * 1.2));
  });

  it('is clamped to [minimum, maximum]: minimum = max(reservation, minimumMiB), maximum = limit or size', () => {
    expect(hypervWanted(vmView('a', { usedMiB: 100, guestCachePages: 0 }), spec.hyperv).wanted).toBe(
      mib(512),
    );
    expect(
      hypervWanted(
        vmView('a', { usedMiB: 100, guestCachePages: 0, reservationPages: mib(1024) }),
        spec.hyperv,
      ).wanted,
    ).toBe(mib(1024));
    expect(
      hypervWanted(vmView('a', { usedMiB: 3000, guestCachePages: 0, limitPages: mib(1500) }), spec.hyperv)
        .wanted,
    ).toBe(mib(1500));
    expect(hypervWanted(vmView('a', { usedMiB: 4000, guestCachePages: 0 }), spec.hyperv).wanted).toBe(
      mib(4096),
    );
  });

  it('never asks for more balloon than the cap allows', () => {
    const capped = anyVm('a', { memoryMiB: 4096, usedMiB: 100, guestCachePages: 0 });
    expect(hypervWanted(capped, spec.hyperv).minimum).toBe(mib(4096) - capped.balloonMaxPages);
  });
});

describe('hyperv policy', () => {
  it('sets every VM to its wanted size and balloons the rest of its configured memory', () => {
    const d = createHypervPolicy(spec).decide(roomy(), [vmView('a', { usedMiB: 1256 })])!;
    expect(d.targets.get('a')).toEqual({
      allocTargetPages: mib(1200),
      balloonTargetPages: mib(4096 - 1200),
      swapTargetPages: 0,
    });
  });

  it('distributes by memory weight (0..10000, not ESX shares) when the host is short, never below a minimum', () => {
    const policy = createHypervPolicy(spec);
    // Pool: 7000 - 1000 minFree = 6000 MiB; both want 3840 MiB.
    const host = hostView({ availableMiB: 7000, minFreeMiB: 1000 });
    const vms = [
      // ESX shares would favour light; Hyper-V reads only the memory weight.
      vmView('heavy', { usedMiB: 3456, memoryMiB: 8192, memoryWeight: 10_000, shares: 1000 }),
      vmView('light', { usedMiB: 3456, memoryMiB: 8192, memoryWeight: 5000, shares: 2000 }),
    ];
    const d = policy.decide(host, vms)!;
    expect(d.targets.get('heavy')!.allocTargetPages).toBe(mib(3840));
    expect(d.targets.get('light')!.allocTargetPages).toBe(mib(2160));
    expect(d.notes.map((n) => `${n.vm}:${n.event}`)).toEqual(['light:hyperv-short']);
    const tight = createHypervPolicy(spec).decide(hostView({ availableMiB: 2000, minFreeMiB: 1000 }), vms)!;
    expect(tight.targets.get('light')!.allocTargetPages).toBe(mib(512));
    expect(tight.targets.get('heavy')!.allocTargetPages).toBe(mib(512));
  });

  it('leaves VMs without integration services (no balloon driver) as they are and counts their memory', () => {
    const host = hostView({ availableMiB: 9000, minFreeMiB: 1000 });
    const d = createHypervPolicy(spec).decide(host, [
      vmView('legacy', { driver: 'absent' }),
      vmView('dyn', { usedMiB: 8000, memoryMiB: 8192 }),
    ])!;
    expect(d.targets.has('legacy')).toBe(false);
    expect(d.targets.get('dyn')!.allocTargetPages).toBe(mib(9000 - 1000 - 4096));
  });

  it('re-evaluates every simulated second and resends a target only when it moved by the dead-band', () => {
    const policy = createHypervPolicy(spec);
    expect(policy.decide(roomy({ tick: 3, tickMs: 500 }), [vmView('a')])).toBeNull();
    expect(
      policy.decide(roomy({ tick: 4, tickMs: 500 }), [vmView('a', { usedMiB: 1256 })])!.targets.has('a'),
    ).toBe(true);
    expect(policy.decide(roomy({ tick: 6, tickMs: 500 }), [vmView('a', { usedMiB: 1266 })])).toBeNull();
    expect(
      policy.decide(roomy({ tick: 8, tickMs: 500 }), [vmView('a', { usedMiB: 1356 })])!.targets.get('a')!
        .allocTargetPages,
    ).toBe(mib(1320));
  });

  it('keeps targets within [minimum, maximum] and the total within the host when it can, deterministically', () => {
    fc.assert(
      fc.property(arbHostView, arbVmViews, (h, vms) => {
        const host = { ...h, tick: 0 };
        const d = createHypervPolicy(spec).decide(host, vms);
        expect(createHypervPolicy(spec).decide(host, vms)).toEqual(d);
        let sum = 0;
        let minSum = 0;
        for (const vm of vms) {
          if (vm.driver === 'absent') continue;
          const t = d!.targets.get(vm.id)!;
          const w = hypervWanted(vm, spec.hyperv);
          expect(t.allocTargetPages).toBeGreaterThanOrEqual(w.minimum);
          expect(t.allocTargetPages).toBeLessThanOrEqual(w.wanted);
          expect(t.balloonTargetPages).toBe(vm.memoryPages - t.allocTargetPages);
          expect(t.swapTargetPages).toBe(0);
          sum += t.allocTargetPages;
          minSum += w.minimum;
        }
        const fixed = vms
          .filter((vm) => vm.driver === 'absent')
          .reduce((s, vm) => s + vm.memoryPages - vm.balloonPages, 0);
        expect(sum).toBeLessThanOrEqual(Math.max(minSum, host.availablePages - host.minFreePages - fixed));
      }),
    );
  });

  it('continues identically after saveState/restoreState', () => {
    const host = hostView({ availableMiB: 7000, minFreeMiB: 1000 });
    const vms = [
      vmView('x', { usedMiB: 3456, memoryMiB: 8192 }),
      vmView('y', { usedMiB: 3456, memoryMiB: 8192 }),
    ];
    const a = createHypervPolicy(spec);
    a.decide(host, vms);
    const b = createHypervPolicy(spec);
    b.restoreState(structuredClone(a.saveState()));
    const later = { ...host, tick: 1 };
    expect(b.decide(later, vms)).toEqual(a.decide(later, vms));
    const roomier = { ...host, tick: 2, availablePages: mib(20_000) };
    expect(b.decide(roomier, vms)).toEqual(a.decide(roomier, vms));
    expect(() => b.restoreState(null)).toThrow();
  });
});
