import {
  CLASS_BALLOON,
  classOf,
  contentOf,
  HV_BALLOONED,
  HV_COMPRESSED,
  HV_PRIVATE,
  HV_SHARED,
  HV_SWAPPED,
  HV_UNBACKED,
  hvOf,
  pageByte,
  TOUCHED_CLASSES,
  withHv,
  CONTENT_OS,
  CONTENT_ZERO,
} from '../memory/page-codes';
import { isCompressible, isDupPair, osContentId } from '../workload/content-mix';
import { M_ZIP } from '../memory/machine-memory';
import type { Hypervisor } from './hypervisor';
import { backUntouched, breakLargeUnder, inLargePage } from './large-pages';
import type { VmRuntime } from './vm-runtime';
import { ST_COMPRESS, ST_COW, ST_DECOMPRESS, ST_SHARED, ST_SWAP_IN, ST_SWAP_OUT } from '../model/vm-stats';

// Page transitions that involve machine memory. Functions named *Hv do the host-side work
// and return the page's new hv state without writing its byte, so the caller can change
// class, hv state and content in one write.

/**
 * Drops the reference page `p` (byte `b`, still shared) holds, freeing the content's frame
 * when it was the last. Salted: the only other reference can be the page's duplicate twin.
 */
export function releaseShare(h: Hypervisor, vm: VmRuntime, p: number, b: number): void {
  if (contentOf(b) === CONTENT_ZERO) {
    if (--h.shares.zeroRefs === 0) h.freeFrame(vm, true);
    return;
  }
  if (h.config.scope === 'host') {
    if (h.shares.release(h.osDomain(vm), osContentId(p))) h.freeFrame(vm, false);
    return;
  }
  const twin = vm.pages!.bytes[p ^ 1]!;
  const twinShares = isDupPair(p) && hvOf(twin) === HV_SHARED && contentOf(twin) === CONTENT_OS;
  if (!twinShares) h.freeFrame(vm, false);
}

/** A compressed page left the cache: free a zip page when the count drops to an even number. */
function releaseZipSlot(h: Hypervisor, vm: VmRuntime): void {
  if ((vm.pages!.hvTotals[HV_COMPRESSED]! & 1) === 1) {
    const m = vm.zipPages.pop();
    if (m < 0) throw new Error(`VM ${vm.id} has no zip page to free`);
    h.machine.free(m);
  }
}

/**
 * Makes page `p` (byte `b`) resident for a touch: backs an untouched page, decompresses or
 * swaps in a reclaimed one, and on a write breaks a share (copy-on-write). Returns the new
 * hv state, or -1 when no machine page could be had (the touch waits).
 */
export function touchHv(h: Hypervisor, vm: VmRuntime, p: number, b: number, write: boolean): number {
  // The rare cases are out of line: this runs for every fault and share break, and kept small
  // the optimizing compiler inlines it into the guest's touch loops.
  switch (hvOf(b)) {
    case HV_PRIVATE:
      return HV_PRIVATE;
    case HV_SHARED:
      if (!write) return HV_SHARED;
      if (h.allocPrivate(vm) < 0) return -1;
      releaseShare(h, vm, p, b);
      vm.stats[ST_COW]!++;
      return HV_PRIVATE;
    case HV_COMPRESSED:
      if (h.allocPrivate(vm) < 0) return -1;
      releaseZipSlot(h, vm);
      vm.stats[ST_DECOMPRESS]!++;
      return HV_PRIVATE;
    case HV_SWAPPED:
      if (h.allocPrivate(vm) < 0) return -1;
      vm.stats[ST_SWAP_IN]!++;
      return HV_PRIVATE;
    default:
      return touchUnbacked(h, vm, p, b);
  }
}

/** {@link touchHv} of an untouched page: backs it (whole large page where it can), or -1. */
function touchUnbacked(h: Hypervisor, vm: VmRuntime, p: number, b: number): number {
  if (hvOf(b) !== HV_UNBACKED) throw new Error(`VM ${vm.id}: the guest touched ballooned page ${p}`);
  if (h.config.largePages && !vm.st.blocked) {
    const room = Math.min(vm.limitPages - vm.grantPages, h.machine.freePages);
    if (backUntouched(h, vm, p, room) > 0) return HV_PRIVATE;
  }
  return h.allocPrivate(vm) < 0 ? -1 : HV_PRIVATE;
}

/** Releases whatever backs page `p` so the balloon can pin it; the caller writes the balloon byte. */
export function releaseForBalloon(h: Hypervisor, vm: VmRuntime, p: number, b: number): void {
  switch (hvOf(b)) {
    case HV_PRIVATE:
      h.freePrivate(vm);
      return;
    case HV_SHARED:
      releaseShare(h, vm, p, b);
      return;
    case HV_COMPRESSED:
      releaseZipSlot(h, vm);
      return;
    case HV_UNBACKED:
    case HV_SWAPPED:
      return;
    default:
      throw new Error(`VM ${vm.id}: page ${p} is already ballooned`);
  }
}

/** Marks page `p` (byte `b`) ballooned after releasing its backing. */
export function balloonPage(h: Hypervisor, vm: VmRuntime, p: number, b: number): void {
  if (inLargePage(vm, p)) {
    breakLargeUnder(h, vm, p);
    b = vm.pages!.bytes[p]!;
  }
  releaseForBalloon(h, vm, p, b);
  vm.pages!.set(p, pageByte(CLASS_BALLOON, HV_BALLOONED, CONTENT_ZERO));
}

/**
 * Takes private page `p` away from the VM: into the compression cache when allowed, the
 * content compresses to 2 KiB or less and the cache (two pages per zip page) has room,
 * else to the VM's swap file.
 */
export function reclaimPage(h: Hypervisor, vm: VmRuntime, p: number, allowCompress: boolean): void {
  const pages = vm.pages!;
  if (inLargePage(vm, p)) {
    // The host swaps small pages only: the large page is broken first, which may free p itself.
    breakLargeUnder(h, vm, p);
    if (hvOf(pages.bytes[p]!) !== HV_PRIVATE) return;
  }
  const b = pages.bytes[p]!;
  h.freePrivate(vm);
  let hv = HV_SWAPPED;
  if (allowCompress && isCompressible(contentOf(b))) {
    if ((pages.hvTotals[HV_COMPRESSED]! & 1) === 1) hv = HV_COMPRESSED;
    else if (vm.zipPages.size < h.zipCapPages(vm)) {
      const m = h.machine.alloc(M_ZIP, vm.index);
      if (m >= 0) {
        vm.zipPages.push(m);
        hv = HV_COMPRESSED;
      }
    }
  }
  pages.setKeepingClass(p, withHv(b, hv));
  vm.stats[hv === HV_COMPRESSED ? ST_COMPRESS : ST_SWAP_OUT]!++;
  const cls = classOf(b);
  if (cls < TOUCHED_CLASSES) vm.nonResident[cls]!.push(p);
}

/** Moves private page `p` (byte `b`) of `vm` onto a shared frame; the caller did the reference counting. */
function moveToShared(h: Hypervisor, vm: VmRuntime, p: number, b: number): void {
  h.freePrivate(vm);
  vm.pages!.set(p, withHv(b, HV_SHARED));
  vm.stats[ST_SHARED]!++;
}

/** Byte of an OS page that can join a share, or -1: a powered-on VM's private OS page. */
function privateOs(vm: VmRuntime | undefined, p: number): number {
  if (!vm || !vm.st.poweredOn || !vm.pages || p >= vm.pages.pages) return -1;
  const b = vm.pages.bytes[p]!;
  return hvOf(b) === HV_PRIVATE && contentOf(b) === CONTENT_OS ? b : -1;
}

/** Salted sharing of OS page `p`: only its duplicate twin in the same VM can hold the same content. */
function shareWithTwin(h: Hypervisor, vm: VmRuntime, p: number, b: number): boolean {
  if (!isDupPair(p)) return false;
  const q = p ^ 1;
  const twin = vm.pages!.bytes[q]!;
  if (hvOf(twin) === HV_SHARED && contentOf(twin) === CONTENT_OS) {
    moveToShared(h, vm, p, b);
    return true;
  }
  const qb = privateOs(vm, q);
  if (qb < 0) return false;
  moveToShared(h, vm, q, qb);
  moveToShared(h, vm, p, b);
  h.allocFrame(vm, false);
  return true;
}

/**
 * Shares private page `p` (zero or OS content) copy-on-write. Zero pages all go to the one
 * zero frame. An OS page joins its content's frame if there is one; host-wide, the first page
 * seen with a content only becomes its hint, and the next page with that content shares
 * both (the hint is checked first: it may have changed since). False when `p` stays private.
 */
export function sharePage(h: Hypervisor, vm: VmRuntime, p: number, b: number): boolean {
  if (contentOf(b) === CONTENT_ZERO) {
    moveToShared(h, vm, p, b);
    if (h.shares.zeroRefs++ === 0) h.allocFrame(vm, true);
    const cls = classOf(b);
    if (cls < TOUCHED_CLASSES) vm.sharedZero[cls]!.push(p);
    return true;
  }
  if (h.config.scope === 'vm') return shareWithTwin(h, vm, p, b);
  const shares = h.shares;
  const domain = h.osDomain(vm);
  const id = osContentId(p);
  const refs = shares.refs(domain, id);
  if (refs >= 0xffff) return false;
  if (refs > 0) {
    moveToShared(h, vm, p, b);
    shares.addRef(domain, id);
    return true;
  }
  const other = h.vms[shares.hintVm(domain, id)];
  // The hinted page is the content's page in that VM (either page of a duplicate pair).
  let q = id;
  let qb = other === vm && q === p ? -1 : privateOs(other, q);
  if (qb < 0 && isDupPair(id)) {
    q = id | 1;
    qb = other === vm && q === p ? -1 : privateOs(other, q);
  }
  if (qb < 0) {
    shares.setHint(domain, id, vm.index);
    return false;
  }
  moveToShared(h, other!, q, qb);
  moveToShared(h, vm, p, b);
  shares.addRef(domain, id);
  shares.addRef(domain, id);
  h.allocFrame(vm, false);
  return true;
}
