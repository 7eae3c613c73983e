import type { GuestHost, GuestVm } from './guest-host';
import { ST_CACHE_MISS, ST_GUEST_SWAP_IN, ST_GUEST_SWAP_OUT } from '../model/vm-stats';
import { contentForPage, uniqueContentForPage } from '../workload/content-mix';
import { evict, lruVictim, PAGE_WAIT, RECLAIM_ALL, writeNewPage } from './guest-alloc';
import { fillLowestFree } from './guest-fill';
import { CLASS_CACHE, CLASS_HOT } from '../memory/page-codes';

/** Outcome of {@link bringIn}. */
export const IN_DONE = 0;
/** The host made the guest wait (no machine page for a write, a blocked VM): the VM stalls. */
export const IN_WAIT = 1;
/** The guest found no page at all: nothing free, nothing to drop, its swap full. The OOM killer runs. */
export const IN_OUT_OF_MEMORY = 2;

function accountIn(vm: GuestVm, cls: number, n: number, charged: boolean): void {
  if (n === 0) return;
  if (cls === CLASS_CACHE) {
    if (charged) vm.stats[ST_CACHE_MISS]! += n;
    return;
  }
  vm.st.guestSwapped -= n;
  if (cls === CLASS_HOT) vm.st.guestSwappedHot -= n;
  vm.stats[ST_GUEST_SWAP_IN]! += n;
}

/**
 * With no free page and the LRU victim in the same class as the pages coming in, every page
 * read in pushes out one just like it: a working set larger than memory pages continuously,
 * a file set larger than the cache re-reads itself. Page by page this changes no page's
 * class, content or backing, only the counters, so it is counted in one step: a thrashing VM
 * costs the engine no more than a quiet one.
 */
function exchange(vm: GuestVm, cls: number, n: number, charged: boolean): void {
  if (cls === CLASS_CACHE) {
    if (charged) vm.stats[ST_CACHE_MISS]! += n;
    return;
  }
  vm.stats[ST_GUEST_SWAP_IN]! += n;
  vm.stats[ST_GUEST_SWAP_OUT]! += n;
}

/**
 * Brings `n` pages of class `cls` into guest memory: swapped-out application pages the
 * workload touched (hot or cold: major faults reading the guest's swap) or file-set pages it
 * read (page-cache misses). Each needs a free PPN: a free one, else one reclaimed in LRU order.
 * `charged` is false for a file page the workload reads for the first time: that read is part
 * of its work whatever its memory, not a cost of memory pressure, so it is not a miss.
 */
export function bringIn(h: GuestHost, vm: GuestVm, n: number, cls: number, charged = true): number {
  if (n <= 0) return IN_DONE;
  const pages = vm.pages!;
  const mix = vm.workload.mix;
  const cache = cls === CLASS_CACHE;
  const filled = fillLowestFree(h, vm, n, cls === CLASS_HOT ? n : 0, cache, mix);
  accountIn(vm, cls, filled, charged);
  // A page read back from the guest's swap frees its slot, so a swap-in may push another out.
  const swapSlack = cache ? 0 : 1;
  for (let left = n - filled; left > 0; left--) {
    let p = pages.lowestFree();
    if (p < 0) {
      const victim = lruVictim(vm, RECLAIM_ALL, swapSlack);
      if (victim < 0) return IN_OUT_OF_MEMORY;
      if (victim === cls) {
        exchange(vm, cls, left, charged);
        return IN_DONE;
      }
      p = evict(h, vm, victim);
      if (p === PAGE_WAIT) return IN_WAIT;
    }
    const content = cache ? uniqueContentForPage(p, mix) : contentForPage(p, mix);
    if (!writeNewPage(h, vm, p, cls, content)) return IN_WAIT;
    accountIn(vm, cls, 1, charged);
  }
  return IN_DONE;
}

/**
 * File-set pages the workload has read before that the page cache no longer holds: each is a
 * page-cache miss when the workload touches it again.
 */
export function evictedFilePages(vm: GuestVm): number {
  return Math.max(0, fileSetReadPages(vm) - vm.pages!.classTotals[CLASS_CACHE]!);
}

/** File-set pages the workload has read at least once (never more than its file set). */
export function fileSetReadPages(vm: GuestVm): number {
  return Math.min(vm.st.fileReadPages, vm.workload.mix.cachePages);
}
