import { describe, expect, it } from 'vitest';
import { createEngine, restoreEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { sharingScopeLab } from '../../../core/validation/validation-scenarios';

const engineOf = (input: ScenarioInput): Engine => createEngine(parseScenarioOrThrow(input));
const vm = (e: Engine, id: string) => e.vmCounters().find((v) => v.id === id)!;

describe('admission control and power', () => {
  it('refuses a power-on whose reservation + overhead does not fit, with a clear log line', () => {
    const e = engineOf({
      durationS: 60,
      host: { memoryMiB: 4096, hypervisorMiB: 512 },
      vms: [
        { id: 'big', memoryMiB: 3000, reservationMiB: 2500, workload: { kind: 'idle' } },
        { id: 'late', memoryMiB: 2000, reservationMiB: 1000, powerOnAtS: 10, workload: { kind: 'idle' } },
      ],
    });
    e.runUntil(20);
    const lines = e.drainLog();
    const refused = lines.find((l) => l.vm === 'late' && l.event === 'admission-failed');
    expect(refused?.level).toBe('error');
    expect(refused?.message).toMatch(/reservation 1000\.0 MiB \+ overhead .* unreserved/);
    expect(vm(e, 'late').poweredOn).toBe(false);
    expect(vm(e, 'big').poweredOn).toBe(true);
    // Powering the first VM off frees everything it held, and then the second fits.
    e.apply({ vm: 'big', power: 'off' });
    expect(e.hostCounters().overheadMiB).toBe(0);
    expect(e.hostCounters().freeMiB).toBe(4096 - 512);
    e.apply({ vm: 'late', power: 'on' });
    expect(vm(e, 'late').poweredOn).toBe(true);
    expect(vm(e, 'late').ovhdMiB).toBeCloseTo(25 + 2000 / 128, 0);
  });

  it('refuses a reservation increase that admission control cannot honour, keeping the old one', () => {
    const e = engineOf({
      durationS: 30,
      host: { memoryMiB: 2048, hypervisorMiB: 256 },
      vms: [
        { id: 'a', memoryMiB: 1024, reservationMiB: 800, workload: { kind: 'idle' } },
        { id: 'b', memoryMiB: 1024, workload: { kind: 'idle' } },
      ],
    });
    e.step();
    e.apply({ vm: 'b', set: { reservationMiB: 1000 } });
    const line = e.drainLog().find((l) => l.event === 'admission-failed');
    expect(line?.vm).toBe('b');
    expect(line?.message).toMatch(
      /reservation 1000\.0 MiB refused by admission control: only .* unreserved; keeping 0\.0 MiB/,
    );
    e.apply({ vm: 'b', set: { reservationMiB: 500 } });
    expect(e.drainLog().some((l) => l.event === 'reservation' && /500\.0 MiB/.test(l.message))).toBe(true);
  });
});

describe('guest OS', () => {
  it('Windows zeroes all its memory at boot, Linux touches only what it uses', () => {
    const e = engineOf({
      durationS: 30,
      host: { memoryMiB: 8192 },
      vms: [
        {
          id: 'lin',
          memoryMiB: 2048,
          guestOs: 'linux',
          workload: { kind: 'steady', demandMiB: 300, cacheMiB: 0 },
        },
        {
          id: 'win',
          memoryMiB: 2048,
          guestOs: 'windows',
          workload: { kind: 'steady', demandMiB: 300, cacheMiB: 0 },
        },
      ],
    });
    e.runUntil(30);
    expect(vm(e, 'win').grantMiB).toBeCloseTo(2048, 0);
    expect(vm(e, 'lin').grantMiB).toBeCloseTo(160 + 300, 0);
    const g = e.guestMap('win', { cells: 1 });
    // Every PPN backed (unbacked = 0); most of them free in the guest.
    expect(g.hvCounts[0]).toBe(0);
    expect(g.guestCounts[4]! / 256).toBeGreaterThan(1000);
  });

  it('shares the zero pages of a Windows boot storm into one frame', () => {
    // Three Windows VMs zero more memory than the host has: page sharing collapses the zeros.
    const e = engineOf({
      durationS: 400,
      host: { memoryMiB: 4096, hypervisorMiB: 256 },
      policy: { pageSharing: { scanTimeMin: 2 } },
      vms: ['w1', 'w2', 'w3'].map((id) => ({
        id,
        memoryMiB: 1400,
        guestOs: 'windows' as const,
        balloonDriver: 'absent' as const,
        workload: { kind: 'idle' as const, cacheMiB: 256 },
      })),
    });
    e.runUntil(400);
    const zero = e.vmCounters().reduce((s, v) => s + v.zeroMiB, 0);
    expect(zero).toBeGreaterThan(600);
    // All those zero pages cost one frame: every zero page but one is saved.
    expect(e.hostCounters().shrdsvdMiB).toBeGreaterThan(zero - 1 / 256);
    expect(e.drainLog().some((l) => l.event === 'share-pass')).toBe(true);
  });

  it('shares OS pages across VMs only when sharing is host-wide (salting keeps them per VM)', () => {
    const lab = (scope: 'vm' | 'host'): number => {
      const e = engineOf(sharingScopeLab(scope));
      e.runUntil(300);
      return e.hostCounters().shrdsvdMiB;
    };
    const salted = lab('vm');
    const shared = lab('host');
    expect(shared).toBeGreaterThan(600);
    expect(shared).toBeGreaterThan(3 * salted);
  });
});

describe('reservations and limits', () => {
  it('never takes a VM below its touched reservation, and swaps a VM that grows past its limit', () => {
    const e = engineOf({
      durationS: 300,
      host: { memoryMiB: 2048, hypervisorMiB: 256 },
      vms: [
        {
          id: 'res',
          memoryMiB: 1024,
          reservationMiB: 700,
          balloonDriver: 'absent',
          workload: { kind: 'steady', demandMiB: 900, activePct: 10 },
        },
        {
          id: 'hog',
          memoryMiB: 1500,
          balloonDriver: 'absent',
          workload: { kind: 'steady', demandMiB: 1400, activePct: 60 },
        },
        {
          id: 'cap',
          memoryMiB: 512,
          limitMiB: 256,
          workload: { kind: 'steady', demandMiB: 450, activePct: 30 },
        },
      ],
    });
    let resMin = Infinity;
    while (e.tick < e.endTick) {
      e.step();
      if (e.tick > 60) resMin = Math.min(resMin, vm(e, 'res').grantMiB);
      expect(vm(e, 'cap').grantMiB).toBeLessThanOrEqual(256);
    }
    expect(e.hostCounters().swcurMiB).toBeGreaterThan(100);
    expect(resMin).toBeGreaterThanOrEqual(700);
    expect(vm(e, 'cap').swcurMiB + vm(e, 'cap').mctlszMiB + vm(e, 'cap').zipMiB).toBeGreaterThan(0);
  });
});

describe('double paging', () => {
  it('counts and logs guest swap-outs of pages the host had swapped', () => {
    const e = engineOf({
      durationS: 900,
      host: { memoryMiB: 4096 },
      policy: { compression: { enabled: false } },
      vms: [
        {
          id: 'a',
          memoryMiB: 3000,
          workload: {
            kind: 'phases',
            repeat: false,
            phases: [
              { durationS: 300, demandMiB: 2000, activePct: 10 },
              { durationS: 60, demandMiB: 2900, activePct: 20 },
            ],
          },
        },
        {
          id: 'b',
          memoryMiB: 3000,
          balloonDriver: 'absent',
          workload: { kind: 'steady', demandMiB: 2200, activePct: 20 },
        },
      ],
    });
    e.runUntil(e.endTick);
    const lines = e.drainLog().filter((l) => l.event === 'double-paging');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]!.level).toBe('warn');
    expect(lines[0]!.message).toMatch(/swapped out \d+ pages the host had already swapped/);
  });
});

describe('errors', () => {
  const e = () => engineOf({ durationS: 10, vms: [{ id: 'a', memoryMiB: 1024 }] });

  it('rejects an intervention for an unknown VM, naming it', () => {
    expect(() => e().apply({ vm: 'nope', set: { shares: 'high' } })).toThrow(/unknown VM "nope"/);
    expect(() => e().guestMap('nope', { cells: 4 })).toThrow(/unknown VM "nope"/);
  });

  it('rejects impossible values and malformed interventions without recording them', () => {
    const engine = e();
    expect(() => engine.apply({ vm: 'a', set: { reservationMiB: 4096 } })).toThrow(
      /reservationMiB 4096 is above the VM's memoryMiB \(1024\)/,
    );
    expect(() => engine.apply({ vm: 'a', set: { reservationMiB: 512, limitMiB: 256 } })).toThrow(
      /limitMiB 256 is below the reservation/,
    );
    expect(() => engine.apply({ vm: 'a' } as never)).toThrow(/needs "set" or "power"/);
    expect(() => engine.apply({ vm: 'a', set: { shares: -3 } } as never)).toThrow(
      /invalid intervention: set\.shares/,
    );
    expect(engine.interventions()).toEqual([]);
  });

  it('refuses a snapshot from another engine version', () => {
    const snap = e().snapshot();
    expect(() => restoreEngine({ ...snap, engineVersion: '0.0.1' })).toThrow(
      /engine 0\.0\.1 cannot be restored/,
    );
  });

  it('never steps past the end', () => {
    const engine = e();
    engine.step(1000);
    expect(engine.tick).toBe(engine.endTick);
    engine.runUntil(5);
    expect(engine.tick).toBe(10);
  });
});
