import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { BalloonDriverState } from '../../../core/scenario/vm-schema';

/** One VM with free guest memory whose limit drops at 5 s, so its balloon has to inflate. */
function squeezed(driver: BalloonDriverState): Engine {
  return createEngine(
    parseScenarioOrThrow({
      durationS: 60,
      host: { memoryMiB: 8192 },
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          balloonDriver: driver,
          workload: { kind: 'steady', demandMiB: 2000, activePct: 10 },
        },
      ],
      events: [{ atS: 30, vm: 'v', set: { limitMiB: 1024 } }],
    }),
  );
}

function balloonSteps(e: Engine): number[] {
  const steps: number[] = [];
  let prev = 0;
  while (e.tick < e.endTick) {
    e.step();
    const now = Math.round(e.vmCounters()[0]!.mctlszMiB * 256);
    steps.push(now - prev);
    prev = now;
  }
  return steps;
}

describe('balloon driver states', () => {
  it("'slow' caps every poll at 256 pages", () => {
    const steps = balloonSteps(squeezed('slow'));
    expect(Math.max(...steps)).toBe(256);
    expect(steps.filter((s) => s === 256).length).toBeGreaterThan(20);
  });

  it("'stuck' never moves, says so in the log, and the host swaps instead", () => {
    const e = squeezed('stuck');
    const steps = balloonSteps(e);
    expect(steps.every((s) => s === 0)).toBe(true);
    const stuck = e.drainLog().filter((l) => l.event === 'stuck');
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck[0]!.level).toBe('warn');
    expect(e.vmCounters()[0]!.swcurMiB + e.vmCounters()[0]!.zipMiB).toBeGreaterThan(0);
  });

  it("'absent' has no balloon at all (MCTLMAX 0) and removing a driver releases its balloon", () => {
    const e = squeezed('absent');
    balloonSteps(e);
    expect(e.vmCounters()[0]!.mctlmaxMiB).toBe(0);
    expect(e.vmCounters()[0]!.mctlszMiB).toBe(0);
    const ok = squeezed('ok');
    ok.runUntil(50);
    expect(ok.vmCounters()[0]!.mctlszMiB).toBeGreaterThan(100);
    ok.apply({ vm: 'v', set: { balloonDriver: 'absent' } });
    expect(ok.vmCounters()[0]!.mctlszMiB).toBe(0);
    expect(ok.drainLog().some((l) => l.event === 'driver' && /released/.test(l.message))).toBe(true);
  });

  it('powers VMs on and off from scenario events, logging each', () => {
    const e = createEngine(
      parseScenarioOrThrow({
        durationS: 40,
        vms: [{ id: 'v', memoryMiB: 1024, powerOnAtS: null }],
        events: [
          { atS: 10, vm: 'v', power: 'on' },
          { atS: 30, vm: 'v', power: 'off' },
        ],
      }),
    );
    e.runUntil(20);
    expect(e.vmCounters()[0]!.poweredOn).toBe(true);
    e.runUntil(40);
    expect(e.vmCounters()[0]!.poweredOn).toBe(false);
    const events = e.drainLog().map((l) => [l.timeS, l.event]);
    expect(events).toContainEqual([10, 'power-on']);
    expect(events).toContainEqual([30, 'power-off']);
  });
});
