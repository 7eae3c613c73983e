import type { Hypervisor } from '../engine/hypervisor';
import { touchHv } from '../engine/page-ops';
import type { VmRuntime } from '../engine/vm-runtime';
import { ST_DOUBLE_PAGING, ST_GUEST_SWAP_OUT } from '../engine/vm-stats';
import {
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  HV_COMPRESSED,
  HV_SHARED,
  HV_SWAPPED,
  TOUCHED_CLASSES,
  pageByte,
  withClass,
  withHv,
} from './page-codes';
import { CONTENT_ZERO } from '../workload/content-mix';

/** How hard the guest may try to find a page: free only, drop cache, swap cold, swap anything. */
export const RECLAIM_NONE = 0;
export const RECLAIM_CACHE = 1;
export const RECLAIM_COLD = 2;
export const RECLAIM_ALL = 3;

/**
 * Writes page `p` out to the guest's own swap and frees the PPN. The guest must read the
 * page to write it; if the host had swapped it, the host reads it back first only for it to
 * go to the guest's disk: double paging. Returns p, or -1 when the read had to wait.
 */
export function guestSwapOut(h: Hypervisor, vm: VmRuntime, p: number): number {
  const pages = vm.pages!;
  let b = pages.bytes[p]!;
  const hv = (b >> 3) & 7;
  if (hv === HV_SWAPPED || hv === HV_COMPRESSED) {
    if (hv === HV_SWAPPED) vm.stats[ST_DOUBLE_PAGING]!++;
    const now = touchHv(h, vm, p, b, false);
    if (now < 0) return -1;
    b = withHv(b, now);
  }
  pages.set(p, withClass(b, CLASS_FREE));
  vm.st.guestSwapped++;
  vm.stats[ST_GUEST_SWAP_OUT]!++;
  return p;
}

/**
 * A free PPN for the guest to use: the lowest free one (the guest allocator's order), else,
 * as far as `level` allows, a dropped page-cache page, else its coldest application page
 * swapped to its own disk (hot pages only at RECLAIM_ALL). -1 when none can be had.
 */
export function getFreePage(h: Hypervisor, vm: VmRuntime, level: number): number {
  const pages = vm.pages!;
  const p = pages.lowestFree();
  if (p >= 0 || level === RECLAIM_NONE) return p;
  const totals = pages.classTotals;
  if (totals[CLASS_CACHE]! > 0) {
    const c = pages.pickClass(CLASS_CACHE, h.rng, 0);
    pages.set(c, withClass(pages.bytes[c]!, CLASS_FREE));
    return c;
  }
  if (level >= RECLAIM_COLD && totals[CLASS_COLD]! > 0)
    return guestSwapOut(h, vm, pages.pickClass(CLASS_COLD, h.rng, 0));
  if (level >= RECLAIM_ALL && totals[CLASS_HOT]! > 0)
    return guestSwapOut(h, vm, pages.pickClass(CLASS_HOT, h.rng, 0));
  return -1;
}

/** Writes new content into free page `p` as class `cls`. False when the host made the write wait. */
export function writeNewPage(h: Hypervisor, vm: VmRuntime, p: number, cls: number, content: number): boolean {
  const pages = vm.pages!;
  const hv = touchHv(h, vm, p, pages.bytes[p]!, true);
  if (hv < 0) return false;
  pages.set(p, pageByte(cls, hv, content));
  return true;
}

/**
 * Changes the class of page `p` without touching it, listing it where the per-tick touch
 * draws will look for it (non-resident or shared zero pages of a touched class).
 */
export function setClassListed(vm: VmRuntime, p: number, b: number, cls: number): void {
  vm.pages!.set(p, withClass(b, cls));
  if (cls >= TOUCHED_CLASSES) return;
  const hv = (b >> 3) & 7;
  if (hv === HV_SWAPPED || hv === HV_COMPRESSED) vm.nonResident[cls]!.push(p);
  else if (hv === HV_SHARED && b >> 6 === CONTENT_ZERO) vm.sharedZero[cls]!.push(p);
}

/** Demotes `n` hot pages to cold (the workload's active set shrank). */
export function demoteHot(h: Hypervisor, vm: VmRuntime, n: number): void {
  const pages = vm.pages!;
  for (let i = 0; i < n; i++) {
    const p = pages.pickClass(CLASS_HOT, h.rng, 0);
    if (p < 0) return;
    setClassListed(vm, p, pages.bytes[p]!, CLASS_COLD);
  }
}

/** Promotes up to `n` resident-in-guest cold pages to hot; a promotion is a touch, so a reclaimed page faults in. */
export function promoteCold(h: Hypervisor, vm: VmRuntime, n: number): number {
  const pages = vm.pages!;
  let done = 0;
  while (done < n) {
    const p = pages.pickClass(CLASS_COLD, h.rng, 0);
    if (p < 0) break;
    const b = pages.bytes[p]!;
    const hv = touchHv(h, vm, p, b, false);
    if (hv < 0) break;
    setClassListed(vm, p, withHv(b, hv), CLASS_HOT);
    done++;
  }
  return done;
}
