import { describe, expect, it } from 'vitest';
import { getPreset, presetInfos, presets } from '../../../core/presets/presets';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import type { Scenario } from '../../../core/scenario/scenario-schema';

function parsed(id: string): Scenario {
  const preset = getPreset(id);
  expect(preset, id).toBeDefined();
  const r = parseScenario(preset!.scenario);
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

const required = [
  'basics',
  'idle-memory-tax',
  'balloon-vs-swap',
  'page-sharing-farm',
  'no-balloon-driver',
  'boot-storm',
  'reservations-protect',
  'datacenter-2x',
];

describe('presets', () => {
  it('include every preset the design names, with unique kebab-case ids', () => {
    const ids = presets.map((p) => p.id);
    for (const id of required) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(presets.map((p) => [p.id]))(
    '%s is a valid scenario whose events all happen within the run',
    (id) => {
      const s = parsed(id);
      for (const e of s.events) expect(e.atS).toBeLessThan(s.durationS);
      expect(
        s.events.length + s.vms.filter((vm) => (vm.powerOnAtS ?? 0) > 0).length,
        'a lesson needs something to happen',
      ).toBeGreaterThan(0);
    },
  );

  it('each have a name and a one-line summary', () => {
    for (const p of presets) {
      expect(p.name.length).toBeGreaterThan(3);
      expect(p.summary).not.toMatch(/[\n\r]/);
      expect(p.summary.length).toBeGreaterThan(20);
      expect(p.summary.length).toBeLessThanOrEqual(160);
    }
  });

  it('are frozen so no consumer can change them for the next one', () => {
    const p = getPreset('basics')!;
    expect(() => {
      (p.scenario as { seed?: number }).seed = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(p.scenario.vms![0]!.workload)).toBe(true);
  });

  it('list gallery infos with host size and VM count from the validated scenario', () => {
    const infos = presetInfos();
    expect(infos.map((i) => i.id)).toEqual(presets.map((p) => p.id));
    expect(infos.find((i) => i.id === 'basics')).toEqual({
      id: 'basics',
      name: getPreset('basics')!.name,
      summary: getPreset('basics')!.summary,
      hostMiB: 16_384,
      vmCount: 4,
    });
    infos[0]!.name = 'changed';
    expect(presetInfos()[0]!.name).not.toBe('changed');
    expect(getPreset('no-such-preset')).toBeUndefined();
  });
});

const overcommit = (s: Scenario) => s.vms.reduce((sum, vm) => sum + vm.memoryMiB, 0) / s.host.memoryMiB;

describe('preset lessons are set up as described', () => {
  it('basics: 16 GiB host, 4 VMs, 1 h, a batch job that starts and ends', () => {
    const s = parsed('basics');
    expect([s.host.memoryMiB, s.vms.length, s.durationS]).toEqual([16_384, 4, 3600]);
    expect(overcommit(s)).toBeCloseTo(1.5);
    expect(s.events.filter((e) => e.vm === 'batch1').map((e) => e.set?.workload?.kind)).toEqual([
      'ramp',
      'idle',
    ]);
  });

  it('idle-memory-tax and its "off" twin differ only in the tax', () => {
    const on = parsed('idle-memory-tax');
    const off = parsed('idle-memory-tax-off');
    expect(on.policy.idleTaxPct).toBe(75);
    expect(off.policy.idleTaxPct).toBe(0);
    expect(off.vms).toEqual(on.vms);
    expect(off.events).toEqual(on.events);
    expect(new Set(on.vms.map((vm) => vm.shares)).size).toBe(1);
  });

  it('page-sharing-farm shares across VMs, page-sharing-salted within each VM, with the same many same-OS VMs', () => {
    const host = parsed('page-sharing-farm');
    const salted = parsed('page-sharing-salted');
    expect(host.policy.pageSharing.scope).toBe('host');
    expect(salted.policy.pageSharing.scope).toBe('vm');
    expect(salted.vms).toEqual(host.vms);
    expect(host.vms.length).toBeGreaterThanOrEqual(10);
    expect(new Set(host.vms.map((vm) => vm.guestOs)).size).toBe(1);
  });

  it('no-balloon-driver has one VM without a driver that gets one later', () => {
    const s = parsed('no-balloon-driver');
    expect(s.vms.filter((vm) => vm.balloonDriver === 'absent').map((vm) => vm.id)).toEqual(['nodrv']);
    expect(s.events.some((e) => e.vm === 'nodrv' && e.set?.balloonDriver === 'ok')).toBe(true);
  });

  it('boot-storm powers on Windows VMs one after another and reboots two later', () => {
    const s = parsed('boot-storm');
    expect(s.vms.every((vm) => vm.guestOs === 'windows')).toBe(true);
    const starts = s.vms.map((vm) => vm.powerOnAtS!);
    expect(new Set(starts).size).toBe(s.vms.length);
    expect(s.events.filter((e) => e.power === 'on').length).toBe(2);
    expect(overcommit(s)).toBeCloseTo(2);
  });

  it('reservations-protect has a reserved VM and an unreserved twin with the same workload', () => {
    const s = parsed('reservations-protect');
    const prod = s.vms.find((vm) => vm.id === 'prod')!;
    const twin = s.vms.find((vm) => vm.id === 'twin')!;
    expect(prod.reservationMiB).toBeGreaterThan(0);
    expect(twin.reservationMiB).toBe(0);
    expect(twin.workload).toEqual(prod.workload);
    expect(twin.memoryMiB).toBe(prod.memoryMiB);
  });

  it('datacenter-2x: 256 GiB host, 32 VMs of 16 GiB, mixed workloads, 2x, 1 h', () => {
    const s = parsed('datacenter-2x');
    expect([s.host.memoryMiB, s.vms.length, s.durationS]).toEqual([262_144, 32, 3600]);
    expect(s.vms.every((vm) => vm.memoryMiB === 16_384)).toBe(true);
    expect(overcommit(s)).toBe(2);
    expect(new Set(s.vms.map((vm) => vm.workload.kind)).size).toBeGreaterThanOrEqual(3);
  });

  it('compare-* presets run the same VMs, events and seed under each policy', () => {
    const kinds = ['esx', 'static', 'kvm-mom', 'hyperv', 'xen'] as const;
    const all = kinds.map((k) => parsed(`compare-${k}`));
    all.forEach((s, i) => {
      expect(s.policy.kind).toBe(kinds[i]);
      expect(s.vms).toEqual(all[0]!.vms);
      expect(s.events).toEqual(all[0]!.events);
      expect(s.seed).toBe(all[0]!.seed);
    });
  });
});
