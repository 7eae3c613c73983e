import {
  CLASS_BALLOON,
  CLASS_FREE,
  CONTENT_ZERO,
  HV_BALLOONED,
  HV_UNBACKED,
  pageByte,
} from '../memory/page-codes';
import { fmtMiB, mibToPages } from '../model/units';
import { ST_DEFLATED } from '../model/vm-stats';
import type { EngineLog } from './engine-log';
import type { VmRuntime } from './vm-runtime';
import { pagesWith } from '../memory/guest-pages-query';

/** Hyper-V adds memory to a running guest in blocks of 128 MiB (hv_balloon HA_CHUNK). */
export const HOT_ADD_BLOCK_PAGES = mibToPages(128);

/**
 * Memory a Hyper-V guest has not been given yet: PPNs from `st.hotAddCursor` to the top of its
 * maximum RAM. The guest cannot use them (they are held like balloon pages, so the guest
 * allocator never sees them) until Dynamic Memory hot-adds them.
 */
export function pendingHotAddPages(vm: VmRuntime): number {
  return vm.pages ? vm.memoryPages - vm.st.hotAddCursor : 0;
}

/** Pages the balloon driver really holds: the balloon class minus memory not yet hot-added. */
export function realBalloonPages(vm: VmRuntime): number {
  return vm.pages ? vm.pages.classTotals[CLASS_BALLOON]! - pendingHotAddPages(vm) : 0;
}

/** At power-on: the guest boots with its startup RAM; the rest of its maximum waits for hot-add. */
export function bootWithStartupRam(vm: VmRuntime, startupMiB: number | null): void {
  const pages = vm.pages!;
  const startup = startupMiB === null ? vm.memoryPages : Math.min(vm.memoryPages, mibToPages(startupMiB));
  vm.st.hotAddCursor = startup;
  const absent = pageByte(CLASS_BALLOON, HV_BALLOONED, CONTENT_ZERO);
  for (let p = startup; p < vm.memoryPages; p++) pages.set(p, absent);
}

/**
 * Gives a Hyper-V guest `n` more pages: first from its balloon (balloon down, lowest PPNs
 * first), then by hot-adding 128 MiB blocks of its maximum RAM; the part of the last block it
 * was not given stays ballooned out, as hv_balloon does ("hot add and balloon out the
 * difference"). Returns pages given.
 */
export function deflateHyperv(vm: VmRuntime, n: number, log: EngineLog | null): number {
  const pages = vm.pages!;
  const freed = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO);
  const fromBalloon = Math.min(n, realBalloonPages(vm));
  // Pages not yet hot-added are the top of memory, so the lowest ballooned PPNs are the real balloon.
  for (const p of pagesWith(pages, CLASS_BALLOON, HV_BALLOONED, fromBalloon)) pages.set(p, freed);
  let done = fromBalloon;
  while (done < n && vm.st.hotAddCursor < vm.memoryPages) {
    const from = vm.st.hotAddCursor;
    const to = Math.min(vm.memoryPages, from + HOT_ADD_BLOCK_PAGES);
    const give = Math.min(n - done, to - from);
    for (let p = from; p < from + give; p++) pages.set(p, freed);
    vm.st.hotAddCursor = to;
    done += give;
    log?.add(
      vm.id,
      'driver',
      'info',
      'hot-add',
      `hv_balloon: hot-add ${fmtMiB(to - from)} at ${fmtMiB(from)}${give < to - from ? `, ${fmtMiB(to - from - give)} of it ballooned out` : ''}; memory ${fmtMiB(to)} of ${fmtMiB(vm.memoryPages)} maximum`,
    );
  }
  vm.stats[ST_DEFLATED]! += done;
  return done;
}
