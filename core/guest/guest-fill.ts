import type { GuestHost, GuestVm } from './guest-host';
import { CHUNK_STRIDE } from '../memory/guest-pages';
import { M_PRIVATE } from '../memory/machine-memory';
import { contentForPage, uniqueContentForPage } from '../workload/content-mix';
import type { ContentMix } from '../workload/workload-types';
import {
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  CLASS_HV_MASK,
  classOf,
  HV_PRIVATE,
  HV_SHARED,
  HV_UNBACKED,
  hvBits,
  hvOf,
  pageByte,
} from '../memory/page-codes';

/**
 * The common case of the guest writing new pages, done in one tight loop: the lowest free
 * pages get new content (the first `hotPages` as hot, the rest cold, or all as page cache),
 * untouched ones taking a fresh machine page. It does exactly what getFreePage +
 * writeNewPage would do page by page, and stops at the first page that would need anything
 * else (a page the host reclaimed or shared, the VM's limit, the host running out of free
 * memory, a blocked VM); the caller finishes with the general path. Returns pages written.
 */
export function fillLowestFree(
  h: GuestHost,
  vm: GuestVm,
  n: number,
  hotPages: number,
  cache: boolean,
  mix: ContentMix,
): number {
  if (vm.st.blocked || n <= 0) return 0;
  const pages = vm.pages!;
  const machine = h.machine;
  const held = pages.hvTotals;
  // Machine pages this loop may take without the limit or the emergency path getting involved.
  let room = Math.min(vm.limitPages - held[HV_PRIVATE]! - held[HV_SHARED]!, machine.freePages);
  const bytes = pages.bytes;
  const owner = vm.index;
  const stack = vm.privatePages;
  const shift = pages.chunkShift;
  const large = h.largePages;
  let done = 0;
  let p = pages.lowestFree();
  while (done < n && p >= 0) {
    const hv = hvOf(bytes[p]!);
    if (hv === HV_UNBACKED) {
      if (room <= 0) break;
      if (large) room -= h.backUntouched(vm, p, room);
      else {
        stack.push(machine.alloc(M_PRIVATE, owner));
        room--;
      }
    } else if (hv !== HV_PRIVATE) break;
    const cls = cache ? CLASS_CACHE : done < hotPages ? CLASS_HOT : CLASS_COLD;
    const content = cache ? uniqueContentForPage(p, mix) : contentForPage(p, mix);
    pages.set(p, pageByte(cls, HV_PRIVATE, content));
    done++;
    // The next lowest free page is above p: look in the rest of p's chunk, when it has one
    // left, before asking again.
    const chunk = p >>> shift;
    const end =
      pages.chunks[chunk * CHUNK_STRIDE + CLASS_FREE] === 0 ? p : Math.min(pages.pages, (chunk + 1) << shift);
    let q = p + 1;
    while (q < end && classOf(bytes[q]!) !== CLASS_FREE) q++;
    p = q < end ? q : done < n ? pages.lowestFree() : -1;
  }
  return done;
}

/**
 * Windows' boot-time zeroing over PPNs [from, to): every untouched free page becomes a
 * private zero page. Same fast-path rule as {@link fillLowestFree}: it stops (returning the
 * next PPN to visit) at the first page that would need the general path.
 */
export function zeroUntouched(h: GuestHost, vm: GuestVm, from: number, to: number): number {
  if (vm.st.blocked) return from;
  const pages = vm.pages!;
  const machine = h.machine;
  const held = pages.hvTotals;
  let room = Math.min(vm.limitPages - held[HV_PRIVATE]! - held[HV_SHARED]!, machine.freePages);
  const bytes = pages.bytes;
  const untouchedFree = CLASS_FREE | hvBits(HV_UNBACKED);
  const zeroed = CLASS_FREE | hvBits(HV_PRIVATE);
  let p = from;
  for (; p < to; p++) {
    if ((bytes[p]! & CLASS_HV_MASK) !== untouchedFree) continue;
    if (room <= 0) break;
    if (h.largePages) room -= h.backUntouched(vm, p, room);
    else {
      vm.privatePages.push(machine.alloc(M_PRIVATE, vm.index));
      room--;
    }
    pages.set(p, zeroed);
  }
  return p;
}
