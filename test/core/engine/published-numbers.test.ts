import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import type { VmCounters } from '../../../core/model/counters';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import {
  balloonRateFloorLab,
  balloonRatesLab,
  compressionLab,
  idleTaxLab,
  shareRateLab,
} from '../../../core/validation/validation-scenarios';

function vmById(e: Engine, id: string): VmCounters {
  return e.vmCounters().find((v) => v.id === id)!;
}

describe('published numbers', () => {
  it('idle tax, tau = 0: an idle and an active VM of equal shares get equal allocations', () => {
    const e = createEngine(parseScenarioOrThrow(idleTaxLab(0)));
    e.runUntil(e.endTick);
    const idle = vmById(e, 'idle');
    const busy = vmById(e, 'busy');
    expect(idle.sztgtMiB / busy.sztgtMiB).toBeCloseTo(1, 2);
    expect(idle.consumedMiB / busy.consumedMiB).toBeGreaterThan(0.85);
    expect(idle.consumedMiB / busy.consumedMiB).toBeLessThan(1.15);
  });

  it('idle tax, tau = 75%: the idle VM settles near (M + 3 A_idle) / 5', () => {
    const e = createEngine(parseScenarioOrThrow(idleTaxLab(75)));
    e.runUntil(e.endTick);
    const idle = vmById(e, 'idle');
    const busy = vmById(e, 'busy');
    // SZTGT and the paper's M are machine memory: CONSUMED, shared pages at their part of a frame.
    const M = idle.consumedMiB + busy.consumedMiB;
    const expected = (M + 3 * idle.tchdMiB) / 5;
    expect(Math.abs(idle.sztgtMiB / expected - 1)).toBeLessThan(0.05);
    expect(Math.abs(idle.consumedMiB / expected - 1)).toBeLessThan(0.15);
    // Far below the equal split tau = 0 gives.
    expect(idle.consumedMiB).toBeLessThan(0.6 * (M / 2));
  });

  it('balloon rates: 16384 pages/s without sleeping, then 512..2048 pages/s while the guest reclaims; 16384 pages/s deflating', () => {
    const e = createEngine(parseScenarioOrThrow(balloonRatesLab));
    const deltas: number[] = [];
    let prev = 0;
    while (e.tick < e.endTick) {
      e.step();
      const pages = Math.round(vmById(e, 'v').mctlszMiB * 256);
      deltas.push(pages - prev);
      prev = pages;
    }
    const inflating = deltas.filter((d) => d > 0);
    expect(Math.max(...inflating)).toBe(16384);
    expect(inflating.filter((d) => d === 16384).length).toBeGreaterThanOrEqual(10);
    // Once the guest has no free pages every poll allocates at the sleeping rate.
    const sleeping = deltas.slice(90, 290).filter((d) => d > 0);
    expect(sleeping.length).toBeGreaterThan(100);
    for (const d of sleeping) {
      expect(d).toBeGreaterThanOrEqual(512);
      expect(d).toBeLessThanOrEqual(2048);
    }
    const deflating = deltas.filter((d) => d < 0);
    expect(Math.min(...deflating)).toBe(-16384);
  });

  it('balloon rates: a failed sleeping allocation halves the rate down to 512 pages/s', () => {
    const e = createEngine(parseScenarioOrThrow(balloonRateFloorLab));
    e.runUntil(e.endTick);
    const failures = e.drainLog().filter((l) => l.event === 'alloc-failed');
    expect(failures.length).toBeGreaterThan(0);
    const steps = failures.map((l) => /rate (\d+) -> (\d+) pages\/s/.exec(l.message)!.slice(1).map(Number));
    // 2048 -> 1024 -> 512 within the first window, then it stays at the floor.
    expect(steps[0]).toEqual([2048, 512]);
    for (const [, after] of steps) expect(after).toBe(512);
  });

  it('compression: the cache fills to Mem.MemZipMaxPct (10%) of the VM and never beyond; the rest is swapped', () => {
    const e = createEngine(parseScenarioOrThrow(compressionLab));
    let maxZip = 0;
    while (e.tick < e.endTick) {
      e.step();
      for (const v of e.vmCounters()) {
        expect(v.zipMiB).toBeLessThanOrEqual(204.8);
        maxZip = Math.max(maxZip, v.zipMiB);
      }
    }
    expect(maxZip).toBeGreaterThan(204.8 - 1);
    expect(e.hostCounters().swcurMiB).toBeGreaterThan(0);
  });

  const pressure: ScenarioInput = {
    durationS: 2400,
    host: { memoryMiB: 16_384 },
    vms: ['a1', 'a2', 'a3', 'a4'].map((id) => ({
      id,
      memoryMiB: 6144,
      workload: { kind: 'steady' as const, demandMiB: 2500, activePct: 30 },
    })),
    events: [
      { atS: 600, vm: 'a1', set: { workload: { kind: 'steady', demandMiB: 4000, activePct: 30 } } },
      { atS: 600, vm: 'a2', set: { workload: { kind: 'steady', demandMiB: 4000, activePct: 30 } } },
      { atS: 900, vm: 'a3', set: { workload: { kind: 'steady', demandMiB: 4000, activePct: 30 } } },
      { atS: 1200, vm: 'a1', set: { workload: { kind: 'steady', demandMiB: 5500, activePct: 60 } } },
      { atS: 1200, vm: 'a4', set: { workload: { kind: 'steady', demandMiB: 5800, activePct: 90 } } },
    ],
  };

  it('ballooning stops in the hard state: no balloon grows on a tick that starts in hard or low', () => {
    const e = createEngine(parseScenarioOrThrow(pressure));
    let state = e.hostCounters().state;
    let before = e.vmCounters().map((v) => v.mctlszMiB);
    let hardTicks = 0;
    let softGrowth = 0;
    while (e.tick < e.endTick) {
      e.step();
      const after = e.vmCounters().map((v) => v.mctlszMiB);
      if (state === 'hard' || state === 'low') {
        hardTicks++;
        after.forEach((b, i) => expect(b).toBeLessThanOrEqual(before[i]!));
      } else if (state === 'soft' && after.some((b, i) => b > before[i]!)) softGrowth++;
      state = e.hostCounters().state;
      before = after;
    }
    expect(hardTicks).toBeGreaterThan(5);
    expect(softGrowth).toBeGreaterThan(5);
  });

  it('guests with a balloon driver run faster than the same guests without one', () => {
    const mean = (driver: 'ok' | 'absent'): number => {
      const e = createEngine(
        parseScenarioOrThrow({
          durationS: 1200,
          host: { memoryMiB: 4096 },
          vms: ['a', 'b', 'c'].map((id, i) => ({
            id,
            memoryMiB: 2048,
            balloonDriver: driver,
            workload: {
              kind: 'phases' as const,
              repeat: false,
              phases: [
                { durationS: 200 + 100 * i, demandMiB: 1200, activePct: 20 },
                { durationS: 600, demandMiB: 1700, activePct: 40 },
              ],
            },
          })),
        }),
      );
      let sum = 0;
      let n = 0;
      while (e.tick < e.endTick) {
        e.step();
        for (const v of e.vmCounters()) {
          if (!v.poweredOn) continue;
          sum += v.perfIndex;
          n++;
        }
      }
      return sum / n;
    };
    const withDriver = mean('ok');
    const without = mean('absent');
    expect(withDriver).toBeGreaterThan(without + 0.1);
  });
});

describe('page sharing rate (Mem.ShareRateMax)', () => {
  it('scans at most 1024 pages per second in one VM, however short Mem.ShareScanTime is', () => {
    // A 12 GiB Windows VM zeroes all its memory at boot; with a 1-minute scan time it would be
    // scanned at 50,000 pages/s, but ShareRateMax holds it to 1024: at most 4 MiB shared per second.
    const e = createEngine(parseScenarioOrThrow(shareRateLab));
    e.runUntil(60);
    const before = vmById(e, 'w').shrdMiB;
    e.runUntil(120);
    const sharedPerS = ((vmById(e, 'w').shrdMiB - before) * 256) / 60;
    expect(sharedPerS).toBeGreaterThan(500);
    expect(sharedPerS).toBeLessThanOrEqual(1024);
  });
});
