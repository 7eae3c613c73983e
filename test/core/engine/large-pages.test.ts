import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { Engine } from '../../../core/engine/engine-types';
import { LARGE_PAGE_PAGES } from '../../../core/engine/large-pages';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { ScenarioInput } from '../../../core/scenario/scenario-schema';
import { checkInvariants } from './invariants';

function engineOf(input: ScenarioInput): SimEngine {
  return createEngine(parseScenarioOrThrow(input)) as SimEngine;
}

function vm(e: Engine, id: string) {
  return e.vmCounters().find((v) => v.id === id)!;
}

/** One Linux VM touching `demandMiB` on a roomy host. */
function oneVm(largePages: boolean | null, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    durationS: 120,
    host: { memoryMiB: 4096, hypervisorMiB: 256, largePages },
    vms: [
      {
        id: 'a',
        memoryMiB: 1024,
        kernelMiB: 64,
        workload: { kind: 'steady', demandMiB: 301, activePct: 50, cacheMiB: 0, zeroPct: 0, osPct: 0 },
      },
    ],
    ...extra,
  };
}

describe('large pages (ESXi Mem.AllocGuestLargePage)', () => {
  it('backs each 2 MiB region a guest first touches with one large page, on by default on ESX only', () => {
    const on = engineOf(oneVm(null));
    on.runUntil(30);
    const grant = vm(on, 'a').grantMiB;
    // 64 MiB kernel + 301 MiB application = 365 MiB, rounded up to whole 2 MiB pages.
    expect(grant).toBe(366);
    expect(on.hostCounters().largeMiB).toBe(366);
    checkInvariants(on);

    const off = engineOf(oneVm(false));
    off.runUntil(30);
    expect(vm(off, 'a').grantMiB).toBe(365);
    expect(off.hostCounters().largeMiB).toBe(0);

    const kvm = engineOf(oneVm(null, { policy: { kind: 'kvm-mom' } }));
    kvm.runUntil(30);
    expect(kvm.hostCounters().largeMiB).toBe(0);
  });

  it('a large page hides the zero pages in it from page sharing until the host breaks it', () => {
    // minFree 512 MiB: 400% of it is 2 GiB, so with ~3.4 GiB free the sharing scan does not run.
    const base = oneVm(true, {
      host: { memoryMiB: 4096, hypervisorMiB: 256, largePages: true, minFreeMiB: 512 },
    });
    const e = engineOf({ ...base, policy: { pageSharing: { scanTimeMin: 1 } } });
    e.runUntil(60);
    expect(vm(e, 'a').zeroMiB).toBe(0);
    expect(e.hostCounters().largeBroken).toBe(0);
    // A second VM takes free memory below minFree: the clear state breaks large pages and
    // the never-written half of the last application page joins the zero frame.
    const e2 = engineOf({
      ...base,
      durationS: 240,
      policy: { pageSharing: { scanTimeMin: 1 } },
      vms: [
        ...base.vms!,
        {
          id: 'hog',
          memoryMiB: 3072,
          kernelMiB: 0,
          balloonDriver: 'absent',
          powerOnAtS: 30,
          workload: { kind: 'steady', demandMiB: 2900, activePct: 100, cacheMiB: 0, zeroPct: 0, osPct: 0 },
        },
      ],
    });
    e2.runUntil(240);
    expect(e2.hostCounters().largeBroken).toBeGreaterThan(0);
    expect(vm(e2, 'a').shrdMiB + vm(e2, 'hog').shrdMiB).toBeGreaterThan(0);
    checkInvariants(e2);
  });

  it('breaks a large page before the host swaps a small page of it, and before the balloon takes one', () => {
    const e = engineOf({
      ...oneVm(true),
      events: [{ atS: 40, vm: 'a', set: { limitMiB: 200 } }],
    });
    e.runUntil(40);
    const before = e.hostCounters();
    expect(before.largeMiB).toBe(366);
    e.runUntil(120);
    const after = e.hostCounters();
    expect(after.largeBroken).toBeGreaterThan(0);
    expect(after.largeMiB).toBeLessThan(before.largeMiB);
    expect(vm(e, 'a').grantMiB).toBeLessThanOrEqual(200);
    // Whatever is left in large pages is whole 2 MiB pages.
    expect((after.largeMiB * 256) % LARGE_PAGE_PAGES).toBe(0);
    checkInvariants(e);
  });

  it('logs large pages broken with the other hypervisor activity', () => {
    const e = engineOf({ ...oneVm(true), events: [{ atS: 40, vm: 'a', set: { limitMiB: 200 } }] });
    e.runUntil(120);
    const lines = e.drainLog().filter((l) => l.event === 'activity');
    expect(lines.some((l) => /large pages broken \d+ \(\d+(\.\d+)? (MiB|GiB)\)/.test(l.message))).toBe(true);
  });
});
