import {
  CLASS_FREE,
  CONTENT_OS,
  CONTENT_ZERO,
  contentOf,
  HV_PRIVATE,
  HV_UNBACKED,
  hvOf,
  pageByte,
  withHv,
} from '../memory/page-codes';
import { M_PRIVATE } from '../memory/machine-memory';
import { ST_LARGE_BREAK } from '../model/vm-stats';
import type { Hypervisor } from './hypervisor';
import type { VmRuntime } from './vm-runtime';
import { sharePage } from './page-ops';

/** Guest pages in one large page: 2 MiB / 4 KiB. */
export const LARGE_PAGE_PAGES = 512;
/** log2 of {@link LARGE_PAGE_PAGES}: the large page of PPN p is p >>> LARGE_PAGE_SHIFT. */
export const LARGE_PAGE_SHIFT = 9;

/** A 2 MiB region of guest memory that nothing has backed yet. */
export const REGION_FRESH = 0;
/** Backed by one machine large page: its small pages cannot be shared, swapped or compressed. */
export const REGION_LARGE = 1;
/** Backed by small pages (backed small from the start, or a large page that was broken). */
export const REGION_SMALL = 2;

/**
 * Time the host spends breaking one large page (remapping 512 small pages and flushing the
 * TLBs), charged to the VM's stall, microseconds. VMware publishes no figure: the lab's own.
 */
export const LARGE_PAGE_BREAK_US = 50;

/**
 * How the page-sharing scan treats large pages, by free memory (ESXi 6.0+): above 400% of
 * minFree the scan does not run; below it, in the high state, it breaks lazily (only large
 * pages at least half of whose small pages could be shared); from the clear state down it
 * breaks every large page holding a page it could share.
 */
export type BreakMode = 'lazy' | 'active';

/** Small pages of a large page at least this many of which must be shareable for a lazy break. */
export const LAZY_BREAK_MIN_PAGES = LARGE_PAGE_PAGES / 2;

function regionsOf(vm: VmRuntime): Uint8Array {
  if (!vm.large) vm.large = new Uint8Array(Math.ceil(vm.memoryPages / LARGE_PAGE_PAGES));
  return vm.large;
}

/**
 * Backs untouched PPN `p` with machine memory for the guest's first touch, taking at most
 * `room` machine pages without the limit or emergency paths. With large pages on, a fresh
 * 2 MiB region is backed whole by one large page, as ESXi does (`Mem.AllocGuestLargePage`)
 * while free memory is above minFree; its never-touched pages become private zero pages.
 * Otherwise (or for a partial region at the top of memory) one small page. Returns the
 * machine pages taken, 0 when `room` allows none.
 */
export function backUntouched(h: Hypervisor, vm: VmRuntime, p: number, room: number): number {
  if (room <= 0) return 0;
  const pages = vm.pages!;
  if (h.config.largePages) {
    const regions = regionsOf(vm);
    const r = p >>> LARGE_PAGE_SHIFT;
    if (regions[r] === REGION_FRESH) {
      const start = r << LARGE_PAGE_SHIFT;
      const end = start + LARGE_PAGE_PAGES;
      const bytes = pages.bytes;
      let whole = end <= pages.pages && room >= LARGE_PAGE_PAGES;
      whole &&= h.machine.freePages >= h.config.minFreePages + LARGE_PAGE_PAGES;
      // Untouched pages are all alike (free, zero content) save rare ones a guest freed unbacked.
      const first = bytes[start]!;
      let alike = true;
      for (let q = start; whole && q < end; q++) {
        const b = bytes[q]!;
        whole = hvOf(b) === HV_UNBACKED;
        alike &&= b === first;
      }
      regions[r] = whole ? REGION_LARGE : REGION_SMALL;
      if (whole) {
        h.machine.allocInto(M_PRIVATE, vm.index, LARGE_PAGE_PAGES, vm.privatePages);
        if (alike) pages.setHvRun(start, end, first, withHv(first, HV_PRIVATE));
        else for (let q = start; q < end; q++) pages.set(q, withHv(bytes[q]!, HV_PRIVATE));
        vm.st.largeRegions++;
        return LARGE_PAGE_PAGES;
      }
    }
  }
  vm.privatePages.push(h.machine.alloc(M_PRIVATE, vm.index));
  pages.set(p, withHv(pages.bytes[p]!, HV_PRIVATE));
  return 1;
}

/** True when PPN `p` of `vm` lies in a 2 MiB region backed by a large page. */
export function inLargePage(vm: VmRuntime, p: number): boolean {
  return vm.large !== null && vm.large[p >>> LARGE_PAGE_SHIFT] === REGION_LARGE;
}

/** Small pages of large region `r` that page sharing could share (private zero or OS content). */
export function shareablePages(vm: VmRuntime, r: number): number {
  const bytes = vm.pages!.bytes;
  const start = r << LARGE_PAGE_SHIFT;
  let n = 0;
  for (let q = start; q < start + LARGE_PAGE_PAGES; q++) {
    const b = bytes[q]!;
    const c = contentOf(b);
    if (hvOf(b) === HV_PRIVATE && (c === CONTENT_ZERO || c === CONTENT_OS)) n++;
  }
  return n;
}

/**
 * Breaks the large page backing region `r` into small pages. With page sharing on, the break
 * reclaims what the large page held only because it was large: small pages the guest never
 * wrote (free, zero content) join the zero frame at once, as ESXi checks for zero pages when it
 * breaks one.
 */
export function breakLargePage(h: Hypervisor, vm: VmRuntime, r: number): void {
  const regions = vm.large!;
  if (regions[r] !== REGION_LARGE) return;
  regions[r] = REGION_SMALL;
  vm.st.largeRegions--;
  vm.st.largeBroken++;
  vm.stats[ST_LARGE_BREAK]!++;
  if (!h.config.pageSharing) return;
  const bytes = vm.pages!.bytes;
  const untouched = pageByte(CLASS_FREE, HV_PRIVATE, CONTENT_ZERO);
  const start = r << LARGE_PAGE_SHIFT;
  for (let q = start; q < start + LARGE_PAGE_PAGES; q++)
    if (bytes[q] === untouched) sharePage(h, vm, q, untouched);
}

/** Breaks the large page under PPN `p`, if any, before the host takes `p` alone. */
export function breakLargeUnder(h: Hypervisor, vm: VmRuntime, p: number): void {
  if (inLargePage(vm, p)) breakLargePage(h, vm, p >>> LARGE_PAGE_SHIFT);
}

/** Machine pages backing `vm` through large pages. */
export function largeBackedPages(vm: VmRuntime): number {
  return vm.st.largeRegions * LARGE_PAGE_PAGES;
}
