import type { GuestHost, GuestVm } from './guest-host';
import { ST_DOUBLE_PAGING, ST_GUEST_SWAP_OUT } from '../model/vm-stats';
import {
  ALL_BUT_CLASS,
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  classOf,
  contentOf,
  HV_COMPRESSED,
  HV_SHARED,
  HV_SWAPPED,
  hvOf,
  pageByte,
  TOUCHED_CLASSES,
  withClass,
  withHv,
  CONTENT_ZERO,
} from '../memory/page-codes';

/**
 * How hard the guest may try to find a page: free pages only (an allocation that must not
 * sleep), or anything it can reclaim in LRU order.
 */
export const RECLAIM_NONE = 0;
export const RECLAIM_ALL = 1;

/** {@link getFreePage} found nothing the level allows: no free page and nothing left to reclaim. */
export const NO_PAGE = -1;
/** {@link getFreePage} had to wait for the host (a double-paging read found no machine page). */
export const PAGE_WAIT = -2;

/**
 * Writes page `p` out to the guest's own swap and frees the PPN. The guest must read the
 * page to write it; if the host had swapped it, the host reads it back first only for it to
 * go to the guest's disk: double paging. Returns p, or {@link PAGE_WAIT} when the read had to wait.
 */
export function guestSwapOut(h: GuestHost, vm: GuestVm, p: number): number {
  const pages = vm.pages!;
  let b = pages.bytes[p]!;
  const hv = hvOf(b);
  if (hv === HV_SWAPPED || hv === HV_COMPRESSED) {
    if (hv === HV_SWAPPED) vm.stats[ST_DOUBLE_PAGING]!++;
    const now = h.touch(vm, p, b, false);
    if (now < 0) return PAGE_WAIT;
    b = withHv(b, now);
  }
  if (classOf(b) === CLASS_HOT) vm.st.guestSwappedHot++;
  pages.set(p, withClass(b, CLASS_FREE));
  vm.st.guestSwapped++;
  vm.stats[ST_GUEST_SWAP_OUT]!++;
  return p;
}

/**
 * The class the guest reclaims from next, as an LRU approximation would choose: the pages
 * touched least often go first. Linux keeps active and inactive lists; here every class has
 * a known touch rate (guest-defaults), so the inactive end of the LRU is the class touched
 * least often: cold application pages (swapped while the swap has room), then the page cache
 * (dropped: clean, but the workload will miss it), then, as a last resort, the working set
 * itself. Within a class touches are memoryless, so the clock sweep of
 * {@link GuestPages.pickClass} is as good as exact LRU. `swapSlack` counts swap slots about to
 * be freed (a page being swapped in). -1 when the level allows nothing.
 */
export function lruVictim(vm: GuestVm, level: number, swapSlack = 0): number {
  if (level === RECLAIM_NONE) return -1;
  const t = vm.pages!.classTotals;
  const swapRoom = vm.st.guestSwapped < vm.guestSwapPages + swapSlack;
  if (swapRoom && t[CLASS_COLD]! > 0) return CLASS_COLD;
  if (t[CLASS_CACHE]! > 0) return CLASS_CACHE;
  if (swapRoom && t[CLASS_HOT]! > 0) return CLASS_HOT;
  return -1;
}

/** Frees one page of class `victim` (drop a cache page, swap an application page). The PPN, or PAGE_WAIT. */
export function evict(h: GuestHost, vm: GuestVm, victim: number): number {
  const pages = vm.pages!;
  const p = pages.pickClass(victim, h.rng, 0);
  if (victim !== CLASS_CACHE) return guestSwapOut(h, vm, p);
  pages.set(p, withClass(pages.bytes[p]!, CLASS_FREE));
  return p;
}

/**
 * A free PPN for the guest to use: the lowest free one (the guest allocator's order), else,
 * as far as `level` allows, a page reclaimed in LRU order ({@link lruVictim}). NO_PAGE when
 * none can be had, PAGE_WAIT when the host made the guest wait.
 */
export function getFreePage(h: GuestHost, vm: GuestVm, level: number, swapSlack = 0): number {
  const p = vm.pages!.lowestFree();
  if (p >= 0) return p;
  const victim = lruVictim(vm, level, swapSlack);
  return victim < 0 ? NO_PAGE : evict(h, vm, victim);
}

/** Writes new content into free page `p` as class `cls`. False when the host made the write wait. */
export function writeNewPage(h: GuestHost, vm: GuestVm, p: number, cls: number, content: number): boolean {
  const pages = vm.pages!;
  const hv = h.touch(vm, p, pages.bytes[p]!, true);
  if (hv < 0) return false;
  pages.set(p, pageByte(cls, hv, content));
  return true;
}

/**
 * Changes the class of page `p` without touching it, listing it where the per-tick touch
 * draws will look for it (non-resident or shared zero pages of a touched class).
 */
export function setClassListed(vm: GuestVm, p: number, b: number, cls: number): void {
  vm.pages!.set(p, withClass(b, cls));
  if (cls >= TOUCHED_CLASSES) return;
  const hv = hvOf(b);
  if (hv === HV_SWAPPED || hv === HV_COMPRESSED) vm.nonResident[cls]!.push(p);
  else if (hv === HV_SHARED && contentOf(b) === CONTENT_ZERO) vm.sharedZero[cls]!.push(p);
}

/** Demotes `n` hot pages to cold (the workload's active set shrank). */
export function demoteHot(h: GuestHost, vm: GuestVm, n: number): void {
  const pages = vm.pages!;
  // With no hot page setClassListed would list (non-resident or shared zero), one sweep does it.
  const listed =
    pages.count(CLASS_HOT, HV_SWAPPED) +
    pages.count(CLASS_HOT, HV_COMPRESSED) +
    pages.counts[pageByte(CLASS_HOT, HV_SHARED, CONTENT_ZERO)]!;
  if (listed === 0) {
    pages.sweepSet(CLASS_HOT, n, ALL_BUT_CLASS, CLASS_COLD);
    return;
  }
  for (let i = 0; i < n; i++) {
    const p = pages.pickClass(CLASS_HOT, h.rng, 0);
    if (p < 0) return;
    setClassListed(vm, p, pages.bytes[p]!, CLASS_COLD);
  }
}

/** Promotes up to `n` resident-in-guest cold pages to hot; a promotion is a touch, so a reclaimed page faults in. */
export function promoteCold(h: GuestHost, vm: GuestVm, n: number): number {
  const pages = vm.pages!;
  let done = 0;
  while (done < n) {
    const p = pages.pickClass(CLASS_COLD, h.rng, 0);
    if (p < 0) break;
    const b = pages.bytes[p]!;
    const hv = h.touch(vm, p, b, false);
    if (hv < 0) break;
    setClassListed(vm, p, withHv(b, hv), CLASS_HOT);
    done++;
  }
  return done;
}
