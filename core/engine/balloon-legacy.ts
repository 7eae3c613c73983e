import { getFreePage, RECLAIM_ALL, RECLAIM_NONE } from '../guest/guest-alloc';
import { ST_INFLATED } from '../model/vm-stats';
import {
  NOSLEEP_ALLOC_MAX,
  RATE_ALLOC_INC,
  RATE_ALLOC_MAX,
  RATE_ALLOC_MIN,
  SLOW_CYCLES,
} from './balloon-driver-state';
import type { Hypervisor } from './hypervisor';
import { balloonPage } from './page-ops';
import type { VmRuntime } from './vm-runtime';

/**
 * vmw-legacy: Linux vmw_balloon before 4.20. Inflates by up to `need` pages in one poll, as its vmballoon_inflate
 * did: without sleeping while the guest has free pages (up to 16384 pages/s), then with sleeping
 * allocations at a rate adapting between 512 and 2048 pages/s (halved on a failure, +16 per
 * multiple of the rate achieved). Returns pages added.
 */
export function inflateLegacy(h: Hypervisor, vm: VmRuntime, need: number): number {
  const d = vm.st.balloon;
  const bytes = vm.pages!.bytes;
  let sleeping = d.slowCycles > 0;
  let rate = sleeping ? d.rateAlloc : NOSLEEP_ALLOC_MAX;
  let allocations = 0;
  let failed = false;
  while (allocations < need) {
    const p = getFreePage(h, vm, sleeping ? RECLAIM_ALL : RECLAIM_NONE);
    if (p < 0) {
      if (sleeping) {
        // The guest is under severe pressure: back off quickly.
        if (d.logFailures === 0) d.logRateBefore = d.rateAlloc;
        d.rateAlloc = Math.max(Math.floor(d.rateAlloc / 2), RATE_ALLOC_MIN);
        d.logFailures++;
        failed = true;
        break;
      }
      // No free pages: the guest must reclaim from now on, at the adaptive rate.
      d.slowCycles = SLOW_CYCLES;
      if (allocations >= d.rateAlloc) break;
      sleeping = true;
      rate = d.rateAlloc;
      continue;
    }
    balloonPage(h, vm, p, bytes[p]!);
    allocations++;
    if (sleeping) d.logSleep++;
    else d.logNoSleep++;
    if (allocations >= rate) break;
  }
  if (!failed && sleeping && allocations >= d.rateAlloc) {
    d.rateAlloc = Math.min(
      d.rateAlloc + Math.floor(allocations / d.rateAlloc) * RATE_ALLOC_INC,
      RATE_ALLOC_MAX,
    );
  }
  vm.stats[ST_INFLATED]! += allocations;
  return allocations;
}
