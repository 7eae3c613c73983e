import type { GuestHost, GuestVm } from './guest-host';
import { CLASS_COLD, CLASS_FREE, CLASS_HOT, withClass } from '../memory/page-codes';

/** What the OOM killer ended, in pages, for the kernel's log line. */
export interface OomVictim {
  /** Process id the guest gave the application (it gets a new one at every restart). */
  pid: number;
  /** All of its memory: resident plus swapped (the kernel's total-vm). */
  totalPages: number;
  /** Resident application pages (anon-rss). */
  residentPages: number;
  /** Pages it had in the guest's swap (swapents). */
  swappedPages: number;
}

/** First process id of the application; every restart takes the next. */
const FIRST_APP_PID = 1842;

/** Process id of the VM's application now (a restart after an OOM kill gets the next one). */
export function appPid(vm: GuestVm): number {
  return FIRST_APP_PID + vm.st.oomKills;
}

/** Application pages of the VM: resident hot and cold plus those in the guest's swap. */
export function appPagesOf(vm: GuestVm): number {
  const t = vm.pages!.classTotals;
  return t[CLASS_HOT]! + t[CLASS_COLD]! + vm.st.guestSwapped;
}

/**
 * The guest's out-of-memory killer (Linux mm/oom_kill.c): when the guest needs a page and has
 * none free, no page cache to drop and no room left in its swap, it ends the process using the
 * most memory. The lab runs one application per guest, so that is always the workload: all of
 * its pages are freed (their machine pages stay backed, as freed guest memory does) and its
 * swap slots released. The caller keeps it down for the VM's restart delay. Null when the
 * application holds nothing (it is already down): the kernel then has nothing to kill.
 */
export function oomKill(h: GuestHost, vm: GuestVm): OomVictim | null {
  const pages = vm.pages!;
  const resident = pages.classTotals[CLASS_HOT]! + pages.classTotals[CLASS_COLD]!;
  const swapped = vm.st.guestSwapped;
  if (resident + swapped === 0) return null;
  for (const cls of [CLASS_HOT, CLASS_COLD]) {
    while (pages.classTotals[cls]! > 0) {
      const p = pages.pickClass(cls, h.rng, 0);
      pages.set(p, withClass(pages.bytes[p]!, CLASS_FREE));
    }
  }
  vm.st.guestSwapped = 0;
  vm.st.guestSwappedHot = 0;
  const pid = appPid(vm);
  vm.st.oomKills++;
  return { pid, totalPages: resident + swapped, residentPages: resident, swappedPages: swapped };
}
