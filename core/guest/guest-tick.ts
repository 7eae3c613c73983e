import { takeWhole } from '../random/distributions';
import type { GuestHost, GuestVm } from './guest-host';
import { CARRY_ALLOC, CARRY_CACHE, CARRY_ZERO } from './guest-host';
import { ST_GUEST_SWAP_OUT } from '../model/vm-stats';
import { contentForPage } from '../workload/content-mix';
import type { WorkloadSample } from '../workload/workload-types';
import {
  demoteHot,
  getFreePage,
  lruVictim,
  NO_PAGE,
  PAGE_WAIT,
  promoteCold,
  RECLAIM_ALL,
  writeNewPage,
} from './guest-alloc';
import {
  appAllocPagesPerS,
  cacheFillPagesPerS,
  kernelContentMix,
  windowsZeroPagesPerS,
} from './guest-defaults';
import { bringIn, IN_DONE, IN_OUT_OF_MEMORY, IN_WAIT } from './guest-faults';
import { appPagesOf } from './guest-oom';
import { guestTouches } from './guest-touches';
import { fillLowestFree, zeroUntouched } from './guest-fill';
import {
  ALL_BUT_CLASS,
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  CLASS_HV_MASK,
  CLASS_KERNEL,
  HV_UNBACKED,
  pageByte,
  CONTENT_ZERO,
} from '../memory/page-codes';

function carry(vm: GuestVm, index: number, amount: number): number {
  return takeWhole(vm.st.carry, index, amount);
}

/** Loads the kernel into the lowest PPNs; false while it is still loading. */
function bootKernel(h: GuestHost, vm: GuestVm): boolean {
  while (vm.st.kernelCursor < vm.kernelPages) {
    const p = vm.st.kernelCursor;
    if (!writeNewPage(h, vm, p, CLASS_KERNEL, contentForPage(p, kernelContentMix))) return false;
    vm.st.kernelCursor++;
  }
  return true;
}

/** Windows zeroes all its memory at boot: every untouched free page becomes a private zero page. */
function zeroSweep(h: GuestHost, vm: GuestVm, dtS: number): void {
  const pages = vm.pages!;
  let budget = carry(vm, CARRY_ZERO, windowsZeroPagesPerS * dtS);
  const untouchedFree = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO) & CLASS_HV_MASK;
  const fastTo = zeroUntouched(h, vm, vm.st.zeroCursor, Math.min(vm.memoryPages, vm.st.zeroCursor + budget));
  budget -= fastTo - vm.st.zeroCursor;
  vm.st.zeroCursor = fastTo;
  while (budget > 0 && vm.st.zeroCursor < vm.memoryPages) {
    const p = vm.st.zeroCursor;
    const b = pages.bytes[p]!;
    if ((b & CLASS_HV_MASK) === untouchedFree) {
      if (!writeNewPage(h, vm, p, CLASS_FREE, CONTENT_ZERO)) return;
    }
    vm.st.zeroCursor++;
    budget--;
  }
}

/**
 * The application allocates `n` new pages (the first ones into its working set). With no free
 * page and the LRU victim in the class being written, each new page would only push out one
 * like it: the application grows straight into the guest's swap, counted in one step.
 */
function growApp(h: GuestHost, vm: GuestVm, n: number): number {
  const pages = vm.pages!;
  const st = vm.st;
  const mix = vm.workload.mix;
  const hotRoom = () => Math.max(0, st.activePages - pages.classTotals[CLASS_HOT]! - st.guestSwappedHot);
  for (let i = fillLowestFree(h, vm, n, hotRoom(), false, mix); i < n;) {
    const cls = hotRoom() > 0 ? CLASS_HOT : CLASS_COLD;
    if (pages.classTotals[CLASS_FREE] === 0 && lruVictim(vm, RECLAIM_ALL) === cls) {
      const k = Math.min(n - i, vm.guestSwapPages - st.guestSwapped, cls === CLASS_HOT ? hotRoom() : n);
      st.guestSwapped += k;
      if (cls === CLASS_HOT) st.guestSwappedHot += k;
      vm.stats[ST_GUEST_SWAP_OUT]! += k;
      i += k;
      continue;
    }
    const p = getFreePage(h, vm, RECLAIM_ALL);
    if (p === NO_PAGE) return IN_OUT_OF_MEMORY;
    if (p === PAGE_WAIT) return IN_WAIT;
    if (!writeNewPage(h, vm, p, cls, contentForPage(p, mix))) return IN_WAIT;
    i++;
  }
  return IN_DONE;
}

/** Share of `n` that falls on `part` of `whole`, rounded. */
function share(n: number, part: number, whole: number): number {
  return whole > 0 ? Math.min(part, Math.round((n * part) / whole)) : 0;
}

/** The application frees `n` pages, chosen at random among all of its pages wherever they are. */
function shrinkApp(vm: GuestVm, n: number): void {
  const pages = vm.pages!;
  const st = vm.st;
  const fromSwap = share(n, st.guestSwapped, appPagesOf(vm));
  const fromSwapHot = share(fromSwap, st.guestSwappedHot, st.guestSwapped);
  st.guestSwapped -= fromSwap;
  st.guestSwappedHot -= fromSwapHot;
  // Cold pages first, then hot ones: the order of a pick per page, cold while there is one.
  const cold = pages.sweepSet(CLASS_COLD, n - fromSwap, ALL_BUT_CLASS, CLASS_FREE);
  pages.sweepSet(CLASS_HOT, n - fromSwap - cold, ALL_BUT_CLASS, CLASS_FREE);
}

/**
 * Keeps the working set (resident hot pages plus hot pages in the guest's swap) at the
 * workload's active size. Pages join or leave it at random among the application's pages,
 * wherever they are: a page that becomes active while in the guest's swap stays there and
 * faults in at the hot rate (guest-touches); a resident cold page that becomes active is
 * touched at once (so a page the host reclaimed faults in).
 */
function balanceHot(h: GuestHost, vm: GuestVm): void {
  const st = vm.st;
  const t = vm.pages!.classTotals;
  const hot = t[CLASS_HOT]! + st.guestSwappedHot;
  const target = Math.min(st.activePages, appPagesOf(vm));
  if (hot > target) {
    const fromSwap = share(hot - target, st.guestSwappedHot, hot);
    st.guestSwappedHot -= fromSwap;
    demoteHot(h, vm, hot - target - fromSwap);
    return;
  }
  const need = target - hot;
  const swappedCold = st.guestSwapped - st.guestSwappedHot;
  const fromSwap = share(need, swappedCold, t[CLASS_COLD]! + swappedCold);
  st.guestSwappedHot += fromSwap;
  const promoted = promoteCold(h, vm, need - fromSwap);
  // Too few resident cold pages (or the host made a promotion wait): take the rest from swap.
  st.guestSwappedHot += Math.min(need - fromSwap - promoted, st.guestSwapped - st.guestSwappedHot);
}

/** The page cache holds at most the workload's file set: what it no longer reads is dropped. */
function trimCache(vm: GuestVm): void {
  const pages = vm.pages!;
  pages.sweepSet(
    CLASS_CACHE,
    pages.classTotals[CLASS_CACHE]! - vm.workload.mix.cachePages,
    ALL_BUT_CLASS,
    CLASS_FREE,
  );
}

/**
 * The workload reads the files of its file set it has not read yet, at the rate file I/O fills
 * the page cache; pages it needs for them are reclaimed in LRU order like any other.
 */
function readFileSet(h: GuestHost, vm: GuestVm, dtS: number): number {
  const st = vm.st;
  const fileSet = vm.workload.mix.cachePages;
  if (st.fileReadPages > fileSet) st.fileReadPages = fileSet;
  const n = Math.min(fileSet - st.fileReadPages, carry(vm, CARRY_CACHE, cacheFillPagesPerS * dtS));
  if (n <= 0) return IN_DONE;
  const r = bringIn(h, vm, n, CLASS_CACHE, false);
  if (r === IN_DONE) st.fileReadPages += n;
  return r;
}

/** The workload of a guest whose application the OOM killer ended: nothing, until it restarts. */
const APP_DOWN: WorkloadSample = { demandPages: 0, activePages: 0 };

/**
 * One tick of the guest OS: boot (kernel, Windows zeroing), the application growing or
 * shrinking toward its demand, its working set following the active size, the page cache
 * keeping at most the file set, and the touches of the tick (faults and page-cache misses).
 * `appRunning` is false while the application is down after an OOM kill. Returns IN_DONE,
 * IN_WAIT when the VM had to wait for memory, or IN_OUT_OF_MEMORY when the guest ran out of
 * memory and its OOM killer must run.
 */
export function guestTick(
  h: GuestHost,
  vm: GuestVm,
  workloadTimeS: number,
  dtS: number,
  appRunning: boolean,
): number {
  if (!bootKernel(h, vm)) return IN_WAIT;
  if (vm.guestOs === 'windows' && vm.st.zeroCursor < vm.memoryPages) zeroSweep(h, vm, dtS);
  const sample = appRunning ? vm.workload.at(workloadTimeS) : APP_DOWN;
  vm.st.demandPages = sample.demandPages;
  vm.st.activePages = sample.activePages;
  const app = appPagesOf(vm);
  let grown = IN_DONE;
  if (app < sample.demandPages) {
    grown = growApp(
      h,
      vm,
      Math.min(sample.demandPages - app, carry(vm, CARRY_ALLOC, appAllocPagesPerS * dtS)),
    );
  } else if (app > sample.demandPages) {
    shrinkApp(vm, app - sample.demandPages);
  }
  // The working set follows the workload even in a tick whose growth had to wait.
  balanceHot(h, vm);
  trimCache(vm);
  if (grown !== IN_DONE) return grown;
  if (appRunning) {
    const read = readFileSet(h, vm, dtS);
    if (read !== IN_DONE) return read;
  }
  return guestTouches(h, vm, dtS, appRunning);
}
