import {
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  CLASS_KERNEL,
  HV_PRIVATE,
} from '../memory/page-codes';
import type { Hypervisor } from './hypervisor';
import { reclaimPage } from './page-ops';
import type { VmRuntime } from './vm-runtime';
import { pagesWith } from '../memory/guest-pages-query';

/**
 * Guest classes from least to most recently used as the host's LRU sees them: to a KVM host a
 * guest's memory is the anonymous memory of its QEMU process, and the host kernel's
 * active/inactive lists (fed by the accessed bits the guest's touches set) order it by use.
 * Pages the guest freed or barely touches sit at the inactive end; its working set at the
 * active end.
 */
const hostLruOrder = [CLASS_FREE, CLASS_CACHE, CLASS_COLD, CLASS_KERNEL, CLASS_HOT] as const;

/**
 * The Linux host's own reclaim (kswapd below the low watermark, direct reclaim below min) of a
 * guest's memory: up to `n` private pages swapped in LRU order, never below the VM's
 * reservation. Unlike ESX's random picks it rarely takes a page the guest is using. Returns
 * pages reclaimed.
 */
export function reclaimLru(h: Hypervisor, vm: VmRuntime, n: number): number {
  const pages = vm.pages;
  if (!pages) return 0;
  let done = 0;
  for (const cls of hostLruOrder) {
    if (done >= n || vm.reclaimablePages === 0) break;
    for (const p of pagesWith(pages, cls, HV_PRIVATE, n - done)) {
      if (vm.reclaimablePages === 0) break;
      reclaimPage(h, vm, p, false);
      done++;
    }
  }
  return done;
}
