import { CLASS_FREE, CONTENT_ZERO, HV_PRIVATE, HV_UNBACKED, pageByte } from '../memory/page-codes';
import { fmtMiB } from '../model/units';
import type { EngineLog } from './engine-log';
import type { Hypervisor } from './hypervisor';
import type { VmRuntime } from './vm-runtime';
import { breakLargeUnder } from './large-pages';
import { pagesWith } from '../memory/guest-pages-query';

/** Seconds between two reports (Linux page_reporting: PAGE_REPORTING_DELAY, 2 s). */
export const REPORT_EVERY_S = 2;
/** Most pages reported at once: the lab's bound on one pass, 1 GiB. */
export const REPORT_MAX_PAGES = 262_144;

/**
 * virtio-balloon free page reporting: every 2 s the guest reports its free pages to the host,
 * which discards their contents and frees their machine pages; the guest keeps them as free
 * and they are backed again when it next uses them. Memory a guest freed goes back to the host
 * without any balloon target. (Linux reports only free blocks of at least 2 MiB; the lab
 * reports every free page.) Returns pages reported.
 */
export function reportFreePages(
  h: Hypervisor,
  vm: VmRuntime,
  tick: number,
  tickMs: number,
  log: EngineLog,
): number {
  const d = vm.st.balloon;
  const everyTicks = Math.max(1, Math.round((REPORT_EVERY_S * 1000) / tickMs));
  if (d.reportTick >= 0 && tick - d.reportTick < everyTicks) return 0;
  d.reportTick = tick;
  const pages = vm.pages!;
  const found = pagesWith(pages, CLASS_FREE, HV_PRIVATE, REPORT_MAX_PAGES);
  if (found.length === 0) return 0;
  const unbacked = pageByte(CLASS_FREE, HV_UNBACKED, CONTENT_ZERO);
  for (const p of found) {
    breakLargeUnder(h, vm, p);
    if (pages.bytes[p] === unbacked) continue;
    h.freePrivate(vm);
    pages.set(p, unbacked);
  }
  log.add(
    vm.id,
    'driver',
    'debug',
    'free-page-report',
    `virtio_balloon: reported ${found.length} free pages (${fmtMiB(found.length)}); the host discarded them`,
  );
  return found.length;
}
