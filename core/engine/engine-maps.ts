import { CHUNK_STRIDE, chunkShiftFor } from '../memory/guest-pages';
import { CLASS_FREE, classOf, HV_UNBACKED, hvOf } from '../memory/page-codes';
import {
  guestPageClasses,
  hostPageStates,
  hvPageStates,
  type GuestMap,
  type HostMap,
  type MapRequest,
} from '../model/memory-maps';
import type { World } from './engine-world';
import { MACHINE_STRIDE, M_OVERHEAD } from '../memory/machine-memory';
import { mapWindow } from './map-window';
import { LARGE_PAGE_PAGES, LARGE_PAGE_SHIFT, REGION_LARGE } from './large-pages';
import type { VmRuntime } from './vm-runtime';

const HOST_STATES = hostPageStates.length;
const CLASSES = guestPageClasses.length;
const HV_STATES = hvPageStates.length;

function pickOwner(weights: Float64Array, touched: number[], sharedOwner: number): number {
  let best = -1;
  let bestWeight = 0;
  for (const o of touched) {
    if (weights[o]! > bestWeight) {
      best = o;
      bestWeight = weights[o]!;
    }
    weights[o] = 0;
  }
  touched.length = 0;
  return best === sharedOwner ? -2 : best;
}

/** Host memory map: counts per machine-page state and the owning VM of each cell. */
export function hostMap(w: World, req: MapRequest): HostMap {
  const m = w.machine;
  const win = mapWindow(req, m.pages, m.chunkShift);
  const counts = new Uint32Array(win.cells * HOST_STATES);
  const owner = new Int16Array(win.cells).fill(-1);
  const weights = new Float64Array(m.owners);
  const scratch = new Float64Array(HOST_STATES);
  const touched: number[] = [];
  const add = (o: number, n: number): void => {
    if (weights[o] === 0) touched.push(o);
    weights[o]! += n;
  };
  for (let cell = 0; cell < win.cells; cell++) {
    const start = win.firstPage + cell * win.pagesPerCell;
    const end = Math.min(win.firstPage + win.pageCount, start + win.pagesPerCell);
    if (win.byChunk) {
      const row = scratch;
      row.fill(0);
      const last = Math.ceil(end / 2 ** m.chunkShift);
      for (let c = start >>> m.chunkShift; c < last; c++) {
        const base = c * MACHINE_STRIDE;
        for (let st = 0; st < HOST_STATES; st++) row[st]! += m.chunks[base + st]!;
        const d = m.dominant[c]!;
        if (d >= 0) add(d, m.ownerCounts[c * m.owners + d]!);
      }
      for (let st = 0; st < HOST_STATES; st++) counts[cell * HOST_STATES + st] = row[st]!;
    } else {
      for (let p = start; p < end; p++) {
        const v = m.cells[p]!;
        const s = v & 7;
        counts[cell * HOST_STATES + s]!++;
        if (s >= M_OVERHEAD) add(v >>> 3, 1);
      }
    }
    owner[cell] = pickOwner(weights, touched, m.owners - 1);
  }
  return {
    firstPage: win.firstPage,
    pageCount: win.pageCount,
    pagesPerCell: win.pagesPerCell,
    cells: win.cells,
    vmIds: w.vms.map((v) => v.id),
    counts,
    owner,
  };
}

/** PPNs in [from, to) that lie in large pages. */
function largePagesIn(vm: VmRuntime, from: number, to: number): number {
  const regions = vm.large;
  if (!regions || vm.st.largeRegions === 0) return 0;
  let n = 0;
  for (let r = from >>> LARGE_PAGE_SHIFT; r << LARGE_PAGE_SHIFT < to; r++) {
    if (regions[r] !== REGION_LARGE) continue;
    const start = r << LARGE_PAGE_SHIFT;
    n += Math.min(to, start + LARGE_PAGE_PAGES) - Math.max(from, start);
  }
  return n;
}

/** Guest memory map of one VM: per cell, PPNs by guest class and by hypervisor state. */
export function guestMap(vm: VmRuntime, req: MapRequest): GuestMap {
  const pages = vm.pages;
  const shift = pages ? pages.chunkShift : chunkShiftFor(vm.memoryPages);
  const win = mapWindow(req, vm.memoryPages, shift);
  const guestCounts = new Uint32Array(win.cells * CLASSES);
  const hvCounts = new Uint32Array(win.cells * HV_STATES);
  const sums = new Float64Array(12);
  for (let cell = 0; cell < win.cells; cell++) {
    const start = win.firstPage + cell * win.pagesPerCell;
    const end = Math.min(win.firstPage + win.pageCount, start + win.pagesPerCell);
    if (!pages) {
      guestCounts[cell * CLASSES + CLASS_FREE] = end - start;
      hvCounts[cell * HV_STATES + HV_UNBACKED] = end - start;
    } else if (win.byChunk) {
      // Sum into a scratch row, write once per cell: a wide map touches every chunk once.
      sums.fill(0);
      const chunks = pages.chunks;
      const last = Math.ceil(end / 2 ** shift);
      for (let c = start >>> shift; c < last; c++) {
        const base = c * CHUNK_STRIDE;
        for (let k = 0; k < 12; k++) sums[k]! += chunks[base + k]!;
      }
      for (let k = 0; k < CLASSES; k++) guestCounts[cell * CLASSES + k] = sums[k]!;
      for (let k = 0; k < HV_STATES; k++) hvCounts[cell * HV_STATES + k] = sums[6 + k]!;
    } else {
      const bytes = pages.bytes;
      for (let p = start; p < end; p++) {
        const b = bytes[p]!;
        guestCounts[cell * CLASSES + classOf(b)]!++;
        hvCounts[cell * HV_STATES + hvOf(b)]!++;
      }
    }
  }
  return {
    vm: vm.id,
    firstPage: win.firstPage,
    pageCount: win.pageCount,
    pagesPerCell: win.pagesPerCell,
    cells: win.cells,
    guestCounts,
    hvCounts,
    guestSwappedPages: vm.st.guestSwapped,
    largePagePages: largePagesIn(vm, win.firstPage, win.firstPage + win.pageCount),
  };
}
