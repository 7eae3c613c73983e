import type { GuestHost, GuestVm } from './guest-host';
import type { PageList } from '../memory/page-list';
import { binomial } from '../random/distributions';
import {
  classOf,
  CONTENT_ZERO,
  contentOf,
  hvOf,
  pageByte,
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_HOT,
  HV_COMPRESSED,
  HV_SHARED,
  HV_SWAPPED,
  TOUCHED_CLASSES,
  withContent,
  withHv,
} from '../memory/page-codes';
import { uniqueContentForPage } from '../workload/content-mix';
import { touchProbability } from './guest-defaults';
import { bringIn, evictedFilePages, IN_DONE, IN_WAIT } from './guest-faults';

/** Entry validity: a non-resident page of the class, or a shared zero page of the class. */
function valid(b: number, cls: number, sharedZero: boolean): boolean {
  if (sharedZero) return b === pageByte(cls, HV_SHARED, CONTENT_ZERO);
  return classOf(b) === cls && hvOf(b) >= HV_COMPRESSED;
}

function compactIfStale(
  list: PageList,
  bytes: Uint8Array,
  cls: number,
  sharedZero: boolean,
  live: number,
): void {
  if (list.length > 2 * live + 1024) list.compact((p) => valid(bytes[p]!, cls, sharedZero));
}

/**
 * Touches `count` listed pages: each non-resident one faults in (host swap-in or
 * decompression), each shared zero one is written and breaks its share. False when a
 * fault had to wait for memory.
 */
function touchListed(h: GuestHost, vm: GuestVm, cls: number, sharedZero: boolean, count: number): boolean {
  const pages = vm.pages!;
  const bytes = pages.bytes;
  const rng = h.rng;
  const mix = vm.workload.mix;
  const list = sharedZero ? vm.sharedZero[cls]! : vm.nonResident[cls]!;
  for (let k = 0; k < count; k++) {
    // A random valid entry, stale ones dropped on the way. Written out rather than a function:
    // the optimizing compiler did not always inline one here, and this loop runs millions of
    // times an hour when the host swaps a busy VM.
    let i = -1;
    while (list.length > 0) {
      const j = rng.int(list.length);
      if (valid(bytes[list.items[j]!]!, cls, sharedZero)) {
        i = j;
        break;
      }
      list.removeAt(j);
    }
    if (i < 0) return true;
    const p = list.items[i]!;
    const b = bytes[p]!;
    const write = sharedZero || rng.chance(mix.writeFraction);
    const hv = h.touch(vm, p, b, write);
    if (hv < 0) return false;
    list.removeAt(i);
    const content = write && contentOf(b) === CONTENT_ZERO ? uniqueContentForPage(p, mix) : contentOf(b);
    pages.setKeepingClass(p, withContent(withHv(b, hv), content));
  }
  return true;
}

/**
 * The guest touching its memory for one tick, as binomial draws over counts rather than a
 * walk over pages: of the non-resident pages of each class, how many are touched (each
 * faults in: a host swap-in or decompression); of the shared zero pages, how many are
 * written (each breaks its share); of the working-set and cold pages in the guest's own swap,
 * how many are touched (each a major fault reading the guest's disk); of the file-set pages
 * read before that the page cache no longer holds, how many are read again (each a page-cache
 * miss). Returns IN_DONE,
 * IN_WAIT when a fault had to wait for memory (the VM stalls), or IN_OUT_OF_MEMORY.
 */
export function guestTouches(h: GuestHost, vm: GuestVm, tickS: number, appRunning: boolean): number {
  // A stalled guest runs for only part of the tick.
  const dtS = tickS * vm.st.progress;
  const pages = vm.pages!;
  const rng = h.rng;
  const counts = pages.counts;
  const writeFraction = vm.workload.mix.writeFraction;
  for (let cls = 0; cls < TOUCHED_CLASSES; cls++) {
    const nonResident = pages.count(cls, HV_COMPRESSED) + pages.count(cls, HV_SWAPPED);
    const sharedZero = counts[pageByte(cls, HV_SHARED, CONTENT_ZERO)]!;
    if (nonResident === 0 && sharedZero === 0) continue;
    const pTouch = touchProbability(cls, dtS);
    if (nonResident > 0) {
      compactIfStale(vm.nonResident[cls]!, pages.bytes, cls, false, nonResident);
      if (!touchListed(h, vm, cls, false, binomial(rng, nonResident, pTouch))) return IN_WAIT;
    }
    if (sharedZero > 0) {
      compactIfStale(vm.sharedZero[cls]!, pages.bytes, cls, true, sharedZero);
      if (!touchListed(h, vm, cls, true, binomial(rng, sharedZero, pTouch * writeFraction))) return IN_WAIT;
    }
  }
  if (!appRunning) return IN_DONE;
  const st = vm.st;
  const hotIns = binomial(rng, st.guestSwappedHot, touchProbability(CLASS_HOT, dtS));
  const coldIns = binomial(rng, st.guestSwapped - st.guestSwappedHot, touchProbability(CLASS_COLD, dtS));
  const misses = binomial(rng, evictedFilePages(vm), touchProbability(CLASS_CACHE, dtS));
  let r = bringIn(h, vm, hotIns, CLASS_HOT);
  if (r === IN_DONE) r = bringIn(h, vm, coldIns, CLASS_COLD);
  if (r === IN_DONE) r = bringIn(h, vm, misses, CLASS_CACHE);
  return r;
}
