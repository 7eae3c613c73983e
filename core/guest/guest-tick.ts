import type { Hypervisor } from '../engine/hypervisor';
import { CARRY_ALLOC, CARRY_CACHE, CARRY_ZERO, type VmRuntime } from '../engine/vm-runtime';
import { ST_GUEST_SWAP_IN } from '../engine/vm-stats';
import { contentForPage, uniqueContentForPage } from '../workload/content-mix';
import {
  demoteHot,
  getFreePage,
  promoteCold,
  RECLAIM_ALL,
  RECLAIM_CACHE,
  RECLAIM_NONE,
  writeNewPage,
} from './guest-alloc';
import {
  appAllocPagesPerS,
  cacheFillPagesPerS,
  kernelContentMix,
  windowsZeroPagesPerS,
} from './guest-defaults';
import { guestTouches } from './guest-touches';
import { fillLowestFree, zeroUntouched } from './guest-fill';
import {
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  CLASS_KERNEL,
  HV_UNBACKED,
  pageByte,
  withClass,
} from './page-codes';
import { CONTENT_ZERO } from '../workload/content-mix';

function carry(vm: VmRuntime, index: number, amount: number): number {
  const total = vm.st.carry[index]! + amount;
  const whole = Math.floor(total);
  vm.st.carry[index] = total - whole;
  return whole;
}

/** Loads the kernel into the lowest PPNs; false while it is still loading. */
function bootKernel(h: Hypervisor, vm: VmRuntime): boolean {
  while (vm.st.kernelCursor < vm.kernelPages) {
    const p = vm.st.kernelCursor;
    if (!writeNewPage(h, vm, p, CLASS_KERNEL, contentForPage(p, kernelContentMix))) return false;
    vm.st.kernelCursor++;
  }
  return true;
}

/** Windows zeroes all its memory at boot: every untouched free page becomes a private zero page. */
function zeroSweep(h: Hypervisor, vm: VmRuntime, dtS: number): void {
  const pages = vm.pages!;
  let budget = carry(vm, CARRY_ZERO, windowsZeroPagesPerS * dtS);
  const untouchedFree = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO) & 0x3f;
  const fastTo = zeroUntouched(h, vm, vm.st.zeroCursor, Math.min(vm.memoryPages, vm.st.zeroCursor + budget));
  budget -= fastTo - vm.st.zeroCursor;
  vm.st.zeroCursor = fastTo;
  while (budget > 0 && vm.st.zeroCursor < vm.memoryPages) {
    const p = vm.st.zeroCursor;
    const b = pages.bytes[p]!;
    if ((b & 0x3f) === untouchedFree) {
      if (!writeNewPage(h, vm, p, CLASS_FREE, CONTENT_ZERO)) return;
    }
    vm.st.zeroCursor++;
    budget--;
  }
}

/** Application pages = hot + cold in PPNs + in the guest's swap. */
export function appPages(vm: VmRuntime): number {
  const t = vm.pages!.classTotals;
  return t[CLASS_HOT]! + t[CLASS_COLD]! + vm.st.guestSwapped;
}

function growApp(h: Hypervisor, vm: VmRuntime, n: number): void {
  const pages = vm.pages!;
  const mix = vm.workload.mix;
  const hotRoom = Math.max(0, vm.st.activePages - pages.classTotals[CLASS_HOT]!);
  for (let i = fillLowestFree(h, vm, n, hotRoom, false, mix); i < n; i++) {
    const p = getFreePage(h, vm, RECLAIM_ALL);
    if (p < 0) return;
    const cls = pages.classTotals[CLASS_HOT]! < vm.st.activePages ? CLASS_HOT : CLASS_COLD;
    if (!writeNewPage(h, vm, p, cls, contentForPage(p, mix))) return;
  }
}

function shrinkApp(h: Hypervisor, vm: VmRuntime, n: number): void {
  const pages = vm.pages!;
  const total = appPages(vm);
  const fromSwap = Math.min(vm.st.guestSwapped, Math.round((n * vm.st.guestSwapped) / Math.max(1, total)));
  vm.st.guestSwapped -= fromSwap;
  for (let i = fromSwap; i < n; i++) {
    let p = pages.pickClass(CLASS_COLD, h.rng, 0);
    if (p < 0) p = pages.pickClass(CLASS_HOT, h.rng, 0);
    if (p < 0) return;
    pages.set(p, withClass(pages.bytes[p]!, CLASS_FREE));
  }
}

/** Brings the hot set to the workload's active size: demote, promote cold, then swap in from the guest's disk. */
function balanceHot(h: Hypervisor, vm: VmRuntime): void {
  const pages = vm.pages!;
  const t = pages.classTotals;
  const target = Math.min(vm.st.activePages, appPages(vm));
  const hot = t[CLASS_HOT]!;
  if (hot > target) {
    demoteHot(h, vm, hot - target);
    return;
  }
  let need = target - hot;
  need -= promoteCold(h, vm, need);
  const mix = vm.workload.mix;
  while (need > 0 && vm.st.guestSwapped > 0) {
    // Swapping hot pages out to bring others in would only thrash: use free pages or cache.
    const p = getFreePage(h, vm, RECLAIM_CACHE);
    if (p < 0 || !writeNewPage(h, vm, p, CLASS_HOT, contentForPage(p, mix))) return;
    vm.st.guestSwapped--;
    vm.stats[ST_GUEST_SWAP_IN]!++;
    need--;
  }
}

/** Page cache grows from free pages toward what the workload's file I/O wants, and shrinks back. */
function balanceCache(h: Hypervisor, vm: VmRuntime, dtS: number): void {
  const pages = vm.pages!;
  const cache = pages.classTotals[CLASS_CACHE]!;
  const want = vm.workload.mix.cachePages;
  if (cache > want) {
    for (let i = cache - want; i > 0; i--) {
      const p = pages.pickClass(CLASS_CACHE, h.rng, 0);
      pages.set(p, withClass(pages.bytes[p]!, CLASS_FREE));
    }
    return;
  }
  const n = Math.min(want - cache, carry(vm, CARRY_CACHE, cacheFillPagesPerS * dtS));
  const mix = vm.workload.mix;
  for (let i = fillLowestFree(h, vm, n, 0, true, mix); i < n; i++) {
    const p = getFreePage(h, vm, RECLAIM_NONE);
    if (p < 0 || !writeNewPage(h, vm, p, CLASS_CACHE, uniqueContentForPage(p, mix))) return;
  }
}

/**
 * One tick of the guest OS: boot (kernel, Windows zeroing), the application growing or
 * shrinking toward its demand, its hot set following the active size, the page cache, and
 * the touches of the tick. Returns false when the VM had to wait for memory.
 */
export function guestTick(h: Hypervisor, vm: VmRuntime, workloadTimeS: number, dtS: number): boolean {
  if (!bootKernel(h, vm)) return false;
  if (vm.guestOs === 'windows' && vm.st.zeroCursor < vm.memoryPages) zeroSweep(h, vm, dtS);
  const sample = vm.workload.at(workloadTimeS);
  vm.st.demandPages = sample.demandPages;
  vm.st.activePages = sample.activePages;
  const app = appPages(vm);
  if (app < sample.demandPages) {
    growApp(h, vm, Math.min(sample.demandPages - app, carry(vm, CARRY_ALLOC, appAllocPagesPerS * dtS)));
  } else if (app > sample.demandPages) {
    shrinkApp(h, vm, app - sample.demandPages);
  }
  balanceHot(h, vm);
  balanceCache(h, vm, dtS);
  return guestTouches(h, vm, dtS);
}
