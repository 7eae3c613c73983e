import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createXenPolicy, xenIdealTargets, xenRange } from '../../../core/policy/xen-policy';
import type { PolicyVmView } from '../../../core/policy/policy-types';
import { arbHostView, arbVmViews, hostView, mib, policySpec, vmView as anyVm } from './policy-views';

const spec = policySpec({ kind: 'xen' });
// Without the lab's 65% balloon cap, so ranges are exactly [minimumMiB, size].
const vmView = (id: string, o: Parameters<typeof anyVm>[1] = {}) => {
  const memoryPages = o.memoryPages ?? mib(o.memoryMiB ?? 4096);
  return anyVm(id, { balloonMaxPages: memoryPages, ...o });
};
const host = (tick: number, availableMiB: number) => hostView({ tick, availableMiB });
const slush = mib(9);

describe('xen squeezed policy', () => {
  it('puts every domain at the same fraction of its [dynamic-min, dynamic-max] range, keeping the slush free', () => {
    const d = createXenPolicy(spec).decide(host(0, 512 + 512 + 2560 + 9), [
      vmView('a'),
      vmView('b', { memoryMiB: 2048 }),
    ])!;
    expect(d.targets.get('a')!.allocTargetPages).toBe(mib(512 + 1792));
    expect(d.targets.get('b')!.allocTargetPages).toBe(mib(512 + 768));
    expect(d.targets.get('b')).toEqual({
      allocTargetPages: mib(1280),
      balloonTargetPages: mib(2048 - 1280),
      swapTargetPages: 0,
    });
  });

  it('gives every domain its dynamic-max when memory is plentiful and its dynamic-min when scarce', () => {
    expect(
      xenIdealTargets(
        [
          { min: 10, max: 100 },
          { min: 20, max: 50 },
        ],
        1000,
      ),
    ).toEqual([100, 50]);
    expect(
      xenIdealTargets(
        [
          { min: 10, max: 100 },
          { min: 20, max: 50 },
        ],
        5,
      ),
    ).toEqual([10, 20]);
    expect(xenRange(vmView('r', { reservationPages: mib(1000), limitPages: mib(3000) }), spec.xen)).toEqual({
      min: mib(1000),
      max: mib(3000),
    });
  });

  it('applies decreases before increases: a growing domain waits for memory another one frees', () => {
    const policy = createXenPolicy(spec);
    const available = 4096 + 9;
    const first = policy.decide(host(0, available), [vmView('a'), vmView('b')])!;
    expect(first.targets.get('a')!.allocTargetPages).toBe(mib(2048));
    expect(first.targets.get('b')!.allocTargetPages).toBe(mib(2048));
    // b's minimum rises to 3500 MiB while both sit at 2048 MiB: a must shrink first.
    const atHalf = { balloonPages: mib(2048), balloonProgressTick: 1 };
    const second = policy.decide(host(1, available), [
      vmView('a', atHalf),
      vmView('b', { ...atHalf, reservationPages: mib(3500) }),
    ])!;
    const aTarget = second.targets.get('a')!.allocTargetPages;
    expect(aTarget).toBeLessThan(mib(600));
    expect(second.targets.has('b')).toBe(false);
    // Once a has ballooned down, b gets exactly what a freed.
    const third = policy.decide(host(2, available), [
      vmView('a', { balloonPages: mib(4096) - aTarget, balloonProgressTick: 2 }),
      vmView('b', { ...atHalf, reservationPages: mib(3500) }),
    ])!;
    expect(third.targets.get('b')!.allocTargetPages).toBe(mib(4096) - aTarget);
  });

  it('declares a domain whose balloon makes no progress inactive after 5 s, uncooperative after 20 s, active again when it moves', () => {
    const policy = createXenPolicy(spec);
    const available = 6144 + 9;
    const moving = (tick: number, balloonMiB: number) =>
      vmView('a', { balloonPages: mib(balloonMiB), balloonProgressTick: tick });
    const stuck = vmView('s');
    policy.decide(host(0, available), [vmView('a'), stuck]);
    const events: string[] = [];
    let aTarget = 0;
    for (let tick = 1; tick <= 21; tick++) {
      const d = policy.decide(host(tick, available), [moving(tick, 1024), stuck]);
      for (const n of d?.notes ?? []) events.push(`${tick}:${n.vm}:${n.event}`);
      aTarget = d?.targets.get('a')?.allocTargetPages ?? aTarget;
      if (tick === 5) expect(d!.targets.get('a')!.allocTargetPages).toBe(mib(6144 - 4096));
    }
    expect(events).toEqual(['5:s:xen-inactive', '20:s:xen-uncooperative']);
    expect(aTarget).toBe(mib(2048));
    const back = policy.decide(host(25, available), [
      moving(25, 2048),
      vmView('s', { balloonPages: mib(100), balloonProgressTick: 25 }),
    ])!;
    expect(back.notes.map((n) => `${n.vm}:${n.event}`)).toEqual(['s:xen-active']);
  });

  it('never asks a domain without a balloon driver to balloon and counts its memory as fixed', () => {
    const d = createXenPolicy(spec).decide(host(0, 6144 + 9), [
      vmView('a'),
      vmView('n', { driver: 'absent' }),
    ])!;
    expect(d.targets.has('n')).toBe(false);
    expect(d.targets.get('a')!.allocTargetPages).toBe(mib(2048));
    expect(d.notes.map((n) => `${n.vm}:${n.event}`)).toEqual(['n:xen-no-balloon']);
  });

  it('runs its loop once per simulated second', () => {
    const policy = createXenPolicy(spec);
    expect(policy.decide(hostView({ tick: 1, tickMs: 500, availableMiB: 100 }), [vmView('a')])).toBeNull();
    expect(
      policy.decide(hostView({ tick: 2, tickMs: 500, availableMiB: 100 }), [vmView('a')]),
    ).not.toBeNull();
  });

  it('keeps every target in range and the total within free memory minus the slush', () => {
    fc.assert(
      fc.property(arbHostView, arbVmViews, (h, vms) => {
        const policy = createXenPolicy(spec);
        const hostAt = { ...h, tick: 0 };
        const d = policy.decide(hostAt, vms);
        expect(createXenPolicy(spec).decide(hostAt, vms)).toEqual(d);
        const active = vms.filter((vm) => vm.driver !== 'absent');
        const fixed = vms
          .filter((vm) => vm.driver === 'absent')
          .reduce((s, vm) => s + vm.memoryPages - vm.balloonPages, 0);
        let effective = 0;
        let minSum = 0;
        for (const vm of active) {
          const r = xenRange(vm, spec.xen);
          minSum += r.min;
          const t = d?.targets.get(vm.id);
          if (t === undefined) {
            effective += vm.memoryPages - vm.balloonPages;
            continue;
          }
          expect(t.allocTargetPages).toBeGreaterThanOrEqual(r.min);
          expect(t.allocTargetPages).toBeLessThanOrEqual(r.max);
          expect(t.balloonTargetPages + t.allocTargetPages).toBe(vm.memoryPages);
          effective += t.allocTargetPages;
        }
        expect(effective).toBeLessThanOrEqual(Math.max(hostAt.availablePages - slush - fixed, minSum));
      }),
    );
  });

  it('never sends a target below dynamic-min: a domain below it waits until enough is free to reach it', () => {
    // r holds 1 MiB less than its 1000 MiB reservation; 0.5 MiB is free beyond the slush, then 2 MiB.
    const r = vmView('r', {
      memoryMiB: 1000,
      reservationPages: mib(1000),
      balloonPages: mib(1),
      balloonMaxPages: mib(650),
    });
    expect(
      createXenPolicy(spec)
        .decide(host(0, 999 + 9 + 0.5), [r])
        ?.targets.get('r'),
    ).toBeUndefined();
    expect(
      createXenPolicy(spec)
        .decide(host(0, 999 + 9 + 2), [r])!
        .targets.get('r')!.allocTargetPages,
    ).toBe(mib(1000));
  });

  it('continues identically after saveState/restoreState', () => {
    const a = createXenPolicy(spec);
    const vms = (tick: number): PolicyVmView[] => [vmView('a', { balloonProgressTick: tick }), vmView('s')];
    for (let tick = 0; tick < 4; tick++) a.decide(host(tick, 6153), vms(tick));
    const b = createXenPolicy(spec);
    b.restoreState(structuredClone(a.saveState()));
    for (let tick = 4; tick < 25; tick++)
      expect(b.decide(host(tick, 6153), vms(tick))).toEqual(a.decide(host(tick, 6153), vms(tick)));
    expect(() => b.restoreState({ domains: [['x', { target: -1 }]] })).toThrow();
  });
});
