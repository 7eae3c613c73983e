import { takeWhole } from '../random/distributions';
import {
  CONTENT_COMPRESSIBLE,
  CONTENT_INCOMPRESSIBLE,
  contentOf,
  CONTENT_OS,
  CONTENT_ZERO,
  HV_PRIVATE,
  HV_SHARED,
  hvOf,
  pageByte,
} from '../memory/page-codes';
import { fmtMiB } from '../model/units';
import { type EngineLog } from './engine-log';
import type { Hypervisor } from './hypervisor';
import { sharePage } from './page-ops';
import type { VmRuntime } from './vm-runtime';
import { CARRY_SCAN } from '../guest/guest-host';
import {
  breakLargePage,
  LARGE_PAGE_SHIFT,
  LAZY_BREAK_MIN_PAGES,
  REGION_LARGE,
  shareablePages,
  type BreakMode,
} from './large-pages';

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The scan visits blocks of 2^12 pages (16 MiB) in a random order, each block in address order. */
const SCAN_BLOCK_SHIFT = 12;

function scanBlocks(pages: number): number {
  return Math.ceil(pages / 2 ** SCAN_BLOCK_SHIFT);
}

/** An odd stride for the scan permutation, drawn at power-on so each VM is scanned in its own random order. */
export function drawScanStride(h: Hypervisor, vm: VmRuntime): number {
  const size = nextPow2(scanBlocks(vm.memoryPages));
  return (h.rng.int(Math.max(1, size)) | 1) >>> 0;
}

/**
 * Transparent page sharing for one VM and tick: scans pages in a random order of blocks (each
 * block's pages in address order, so the scan streams through memory) at the rate that
 * the caller sets ({@link sharingRate}), hashing each private page and sharing zero and OS
 * content copy-on-write. A large page is broken first when it holds pages worth sharing
 * (`breakMode`, {@link BreakMode}); else the scan passes over it. Logs when a pass over the
 * whole VM completes (in KSM's words for KVM).
 */
export function scanForSharing(
  h: Hypervisor,
  vm: VmRuntime,
  dtS: number,
  pagesPerS: number,
  ksm: boolean,
  log: EngineLog,
  breakMode: BreakMode = 'active',
): void {
  const pages = vm.pages!;
  const large = vm.large;
  const st = vm.st;
  let budget = takeWhole(st.carry, CARRY_SCAN, pagesPerS * dtS);
  const shift = SCAN_BLOCK_SHIFT;
  const blocks = scanBlocks(pages.pages);
  const size = nextPow2(blocks);
  const bytes = pages.bytes;
  while (budget > 0) {
    const block = Math.imul(st.scanOrdinal, st.scanStride) & (size - 1);
    if (block < blocks) {
      const start = block << shift;
      const end = Math.min(pages.pages, start + (1 << shift));
      let p = start + st.scanOffset;
      for (; p < end && budget > 0; p++, budget--) {
        if (large !== null && large[p >>> LARGE_PAGE_SHIFT] === REGION_LARGE) {
          const r = p >>> LARGE_PAGE_SHIFT;
          const n = shareablePages(vm, r);
          if (n > 0 && (breakMode === 'active' || n >= LAZY_BREAK_MIN_PAGES)) breakLargePage(h, vm, r);
          else {
            // Nothing to share without breaking it: hash the rest of the large page and move on.
            const next = Math.min(end, (r + 1) << LARGE_PAGE_SHIFT);
            budget -= next - p - 1;
            p = next - 1;
            continue;
          }
        }
        const b = bytes[p]!;
        if (hvOf(b) === HV_PRIVATE) {
          const content = contentOf(b);
          if (content === CONTENT_ZERO || content === CONTENT_OS) sharePage(h, vm, p, b);
        }
      }
      if (p < end) {
        st.scanOffset = p - start;
        return;
      }
    }
    st.scanOffset = 0;
    if (++st.scanOrdinal >= size) {
      st.scanOrdinal = 0;
      st.scanPass++;
      const shared = pages.hvTotals[HV_SHARED]!;
      log.add(
        vm.id,
        'hypervisor',
        'info',
        'share-pass',
        ksm
          ? `ksm: full scan ${st.scanPass} of this guest done: ${shared} of its pages merged (${fmtMiB(shared)})`
          : `page-sharing scan pass ${st.scanPass} complete: ${shared} pages shared (${fmtMiB(shared)})`,
      );
    }
  }
}

/**
 * Pages per second to scan in `vm`. ESX: the rate that covers the VM once per Mem.ShareScanTime,
 * capped by Mem.ShareRateMax (a 64 GiB VM is not scanned at 4660 pages/s). KSM: ksmd scans
 * pages_to_scan pages every sleep_millisecs for the whole host, one guest after another, so each
 * of `guests` VMs gets an equal part.
 */
export function sharingRate(
  vmPages: number,
  sharing: { scanTimeMin: number; rateMaxPagesPerS: number },
  ksm: { pagesToScan: number; sleepMs: number } | null,
  guests: number,
): number {
  if (ksm) return (ksm.pagesToScan * 1000) / ksm.sleepMs / Math.max(1, guests);
  return Math.min(vmPages / (sharing.scanTimeMin * 60), sharing.rateMaxPagesPerS);
}

/**
 * KSM's own counters, logged once a minute while it runs (/sys/kernel/mm/ksm): pages_shared
 * (merged pages in use), pages_sharing (further sites sharing them) and pages_unshared (pages
 * ksmd checks but finds no twin for: here the guests' private pages of unique content).
 */
export function logKsmCounters(vms: readonly VmRuntime[], frames: number, log: EngineLog): void {
  let sharing = 0;
  let unshared = 0;
  for (const vm of vms) {
    if (!vm.pages || !vm.st.poweredOn) continue;
    sharing += vm.pages.hvTotals[HV_SHARED]!;
    for (let cls = 0; cls < 6; cls++)
      for (const content of [CONTENT_COMPRESSIBLE, CONTENT_INCOMPRESSIBLE])
        unshared += vm.pages.counts[pageByte(cls, HV_PRIVATE, content)]!;
  }
  log.add(
    '',
    'hypervisor',
    'info',
    'ksm',
    `ksm: pages_shared ${frames} (merged pages in use), pages_sharing ${sharing - frames} (more sites sharing them), pages_unshared ${unshared} (checked, no twin): ${fmtMiB(sharing - frames)} saved`,
  );
}
