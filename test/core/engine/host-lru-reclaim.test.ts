import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { World } from '../../../core/engine/engine-world';
import { reclaimLru } from '../../../core/engine/host-lru-reclaim';
import { CLASS_COLD, CLASS_HOT, HV_SWAPPED } from '../../../core/memory/page-codes';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

function settledVm(): World {
  const engine = createEngine(
    parseScenarioOrThrow({
      durationS: 120,
      host: { memoryMiB: 16_384 },
      vms: [
        {
          id: 'v',
          memoryMiB: 4096,
          workload: { kind: 'steady', demandMiB: 3000, activePct: 40, cacheMiB: 0 },
        },
      ],
    }),
  );
  engine.runUntil(60);
  return (engine as unknown as { w: World }).w;
}

describe('the KVM host reclaims guest memory in LRU order', () => {
  it('swaps pages the guest barely uses and spares its working set, where ESX random picks hit it', () => {
    const lru = settledVm();
    const vm = lru.vms[0]!;
    const n = 100_000;
    expect(reclaimLru(lru.hv, vm, n)).toBe(n);
    expect(vm.pages!.count(CLASS_HOT, HV_SWAPPED)).toBe(0);
    expect(vm.pages!.count(CLASS_COLD, HV_SWAPPED)).toBeGreaterThan(0);

    const random = settledVm();
    random.hv.reclaimFrom(random.vms[0]!, n, false);
    // About 40% of the application is its working set: blind picks take hot pages too.
    expect(random.vms[0]!.pages!.count(CLASS_HOT, HV_SWAPPED)).toBeGreaterThan(n / 5);
  });

  it('never takes a VM below its reservation', () => {
    const w = settledVm();
    const vm = w.vms[0]!;
    vm.st.reservationPages = vm.grantPages - 1000;
    expect(reclaimLru(w.hv, vm, 50_000)).toBe(1000);
  });
});
