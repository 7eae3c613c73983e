import { takeWhole } from '../random/distributions';
import { contentOf, HV_PRIVATE, hvOf, CONTENT_OS, CONTENT_ZERO } from '../memory/page-codes';
import { fmtMiB } from '../model/units';
import { type EngineLog } from './engine-log';
import type { Hypervisor } from './hypervisor';
import { sharePage } from './page-ops';
import type { VmRuntime } from './vm-runtime';
import { CARRY_SCAN } from '../guest/guest-host';

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
 * covers the VM once per Mem.ShareScanTime but never faster than Mem.ShareRateMax pages per
 * second, hashing each private page and sharing zero and OS content copy-on-write. Logs when a
 * pass over the whole VM completes.
 */
export function scanForSharing(
  h: Hypervisor,
  vm: VmRuntime,
  dtS: number,
  scanTimeMin: number,
  rateMaxPagesPerS: number,
  log: EngineLog,
): void {
  const pages = vm.pages!;
  const st = vm.st;
  // Mem.ShareScanTime sets the pace, Mem.ShareRateMax caps it: a 64 GiB VM is not scanned at 4660 pages/s.
  const pagesPerS = Math.min(pages.pages / (scanTimeMin * 60), rateMaxPagesPerS);
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
      const shared = pages.hvTotals[2]!;
      log.add(
        vm.id,
        'hypervisor',
        'info',
        'share-pass',
        `page-sharing scan pass ${st.scanPass} complete: ${shared} pages shared (${fmtMiB(shared)})`,
      );
    }
  }
}
