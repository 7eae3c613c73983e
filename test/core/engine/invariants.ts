import { expect } from 'vitest';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { CHUNK_STRIDE } from '../../../core/memory/guest-pages';
import {
  CLASS_BALLOON,
  CLASS_HOT,
  HV_BALLOONED,
  HV_COMPRESSED,
  HV_PRIVATE,
  HV_SHARED,
  CONTENT_ZERO,
} from '../../../core/memory/page-codes';
import {
  M_FREE,
  M_HYPERVISOR,
  M_OVERHEAD,
  M_PRIVATE,
  M_SHARED,
  M_ZIP,
  MACHINE_STRIDE,
} from '../../../core/memory/machine-memory';
import { balloonMaxPages } from '../../../core/engine/balloon-driver';
import { pendingHotAddPages } from '../../../core/engine/hyperv-hot-add';
import { osContentId } from '../../../core/workload/content-mix';
import { LARGE_PAGE_SHIFT, REGION_LARGE } from '../../../core/engine/large-pages';

/** Backed pages (GRANT) and settings per VM at the previous check, to test monotone guarantees. */
export interface PreviousTick {
  grant: Map<string, number>;
  reservation: Map<string, number>;
  limit: Map<string, number>;
  on: Map<string, boolean>;
}

export function newPrevious(): PreviousTick {
  return { grant: new Map(), reservation: new Map(), limit: new Map(), on: new Map() };
}

/**
 * Every page accounted for exactly once, on the guest side (per VM: classes, hv states,
 * chunk counts) and the host side (machine pages by state and owner, shared frames against
 * references), plus the guarantees users rely on: balloon within its cap, touched
 * reservation never reclaimed, limit never exceeded by growth, no negative counter.
 */
export function checkInvariants(engine: SimEngine, prev?: PreviousTick): void {
  const w = engine.world;
  const m = w.machine;
  // Machine pages: recount from the cells.
  const byState = new Array<number>(8).fill(0);
  // owned[state * owners + owner]
  const owned = new Int32Array(8 * m.owners);
  for (let i = 0; i < m.pages; i++) {
    const v = m.cells[i]!;
    const s = v & 7;
    byState[s]!++;
    if (s >= M_OVERHEAD) owned[s * m.owners + (v >>> 3)]!++;
  }
  const ownedBy = (state: number, owner: number): number => owned[state * m.owners + owner]!;
  for (let s = 0; s < 6; s++) expect(m.count(s), `machine state ${s} total`).toBe(byState[s]);
  expect(byState.reduce((a, b) => a + b, 0)).toBe(w.hostPages);
  expect(byState[M_HYPERVISOR]).toBe(w.hypervisorPages);
  // Chunk counts of the host map (per state and per owner) agree with the cells.
  let chunkErrors = 0;
  const here = new Int32Array(8);
  const owners = new Int32Array(m.owners);
  for (let c = 0; c < m.chunkCount; c++) {
    here.fill(0);
    owners.fill(0);
    const start = c << m.chunkShift;
    const end = Math.min(m.pages, start + 2 ** m.chunkShift);
    for (let i = start; i < end; i++) {
      const v = m.cells[i]!;
      here[v & 7]!++;
      if ((v & 7) >= M_OVERHEAD) owners[v >>> 3]!++;
    }
    for (let s = 0; s < 6; s++) if (m.chunks[c * MACHINE_STRIDE + s] !== here[s]) chunkErrors++;
    let any = 0;
    for (let o = 0; o < m.owners; o++) {
      if (m.ownerCounts[c * m.owners + o] !== owners[o]) chunkErrors++;
      any += owners[o]!;
    }
    const d = m.dominant[c]!;
    if (d >= 0 ? owners[d] === 0 : any > 0) chunkErrors++;
  }
  expect(chunkErrors, 'host chunk counts').toBe(0);

  let sharedGuestPages = 0;
  let refs = w.hv.shares.zeroRefs;
  const domainRefs = new Map<number, number>();
  for (const vm of w.vms) {
    const pages = vm.pages;
    if (!vm.st.poweredOn) {
      expect(ownedBy(M_PRIVATE, vm.index)).toBe(0);
      expect(ownedBy(M_OVERHEAD, vm.index)).toBe(0);
      expect(ownedBy(M_ZIP, vm.index)).toBe(0);
      continue;
    }
    expect(pages).not.toBeNull();
    const p = pages!;
    const cls = new Array<number>(8).fill(0);
    const hv = new Array<number>(8).fill(0);
    const counts = new Int32Array(256);
    let balloonMismatch = 0;
    const large = vm.large;
    let notPrivateInLarge = 0;
    for (let i = 0; i < p.pages; i++) {
      const b = p.bytes[i]!;
      counts[b]!++;
      if (large !== null && large[i >>> LARGE_PAGE_SHIFT] === REGION_LARGE && ((b >> 3) & 7) !== HV_PRIVATE)
        notPrivateInLarge++;
      if (((b >> 3) & 7) === HV_SHARED) {
        sharedGuestPages++;
        if (b >> 6 !== CONTENT_ZERO) {
          // Host-wide: one frame per (guest OS, content); salted: one per VM and duplicate pair.
          const key =
            w.hv.config.scope === 'host'
              ? -(w.hv.osDomain(vm) * 2 ** 31 + osContentId(i)) - 1
              : vm.index * 2 ** 31 + (i >>> 1);
          domainRefs.set(key, (domainRefs.get(key) ?? 0) + 1);
          refs++;
        }
      }
    }
    // Large pages: every small page of a large region is private, and the count is kept.
    const largeRegions = vm.large
      ? vm.large.reduce((n, state) => n + (state === REGION_LARGE ? 1 : 0), 0)
      : 0;
    expect(largeRegions, `${vm.id} large pages`).toBe(vm.st.largeRegions);
    expect(notPrivateInLarge, `${vm.id} small pages of large pages that are not private`).toBe(0);
    if (!w.hv.config.largePages) expect(largeRegions).toBe(0);
    for (let b = 0; b < 256; b++) {
      cls[b & 7]! += counts[b]!;
      hv[(b >> 3) & 7]! += counts[b]!;
      if (counts[b]! > 0 && ((b & 7) === CLASS_BALLOON) !== (((b >> 3) & 7) === HV_BALLOONED))
        balloonMismatch++;
    }
    expect(balloonMismatch, `${vm.id}: pages in the balloon class must be ballooned and vice versa`).toBe(0);
    expect(Array.from(p.counts), `${vm.id} counts per state byte`).toEqual(Array.from(counts));
    for (let k = 0; k < 6; k++) {
      expect(p.classTotals[k]).toBe(cls[k]);
      expect(p.hvTotals[k]).toBe(hv[k]);
    }
    expect(cls.reduce((a, b) => a + b, 0)).toBe(vm.memoryPages);
    // Chunk counts (what the guest map sums) agree with the bytes.
    let chunkErrors = 0;
    const here = new Int32Array(12);
    for (let c = 0; c < p.chunkCount; c++) {
      const start = c << p.chunkShift;
      const end = Math.min(p.pages, start + 2 ** p.chunkShift);
      here.fill(0);
      for (let i = start; i < end; i++) {
        here[p.bytes[i]! & 7]!++;
        here[6 + ((p.bytes[i]! >> 3) & 7)]!++;
      }
      for (let k = 0; k < 12; k++) if (p.chunks[c * CHUNK_STRIDE + k] !== here[k]) chunkErrors++;
    }
    expect(chunkErrors, `${vm.id} chunk counts`).toBe(0);
    // Host side of this VM: private pages are machine pages it owns, zip pages hold two compressed pages each.
    expect(ownedBy(M_PRIVATE, vm.index), `${vm.id} private machine pages`).toBe(hv[HV_PRIVATE]);
    expect(vm.privatePages.size).toBe(hv[HV_PRIVATE]);
    expect(ownedBy(M_ZIP, vm.index)).toBe(Math.ceil(hv[HV_COMPRESSED]! / 2));
    expect(vm.zipPages.size).toBe(Math.ceil(hv[HV_COMPRESSED]! / 2));
    expect(vm.zipPages.size).toBeLessThanOrEqual(w.hv.zipCapPages(vm));
    expect(ownedBy(M_OVERHEAD, vm.index)).toBe(vm.overheadPages);
    const cap = balloonMaxPages(vm, w.scenario.policy);
    // Memory Hyper-V has not hot-added yet is held in the balloon class but is not the balloon.
    const pending = pendingHotAddPages(vm);
    expect(cls[CLASS_BALLOON]! - pending, `${vm.id} balloon within its cap`).toBeLessThanOrEqual(cap);
    for (let q = vm.st.hotAddCursor; q < p.pages; q++)
      if ((p.bytes[q]! & 7) !== CLASS_BALLOON)
        throw new Error(`${vm.id}: page ${q} is in use before it was hot-added`);
    expect(vm.st.guestSwapped).toBeGreaterThanOrEqual(0);
    // The guest's swap keeps each page's identity: working-set pages are a part of it, and it never overflows.
    expect(vm.st.guestSwappedHot, `${vm.id}: hot pages in guest swap`).toBeGreaterThanOrEqual(0);
    expect(vm.st.guestSwappedHot).toBeLessThanOrEqual(vm.st.guestSwapped);
    expect(vm.st.guestSwapped, `${vm.id}: guest swap within its size`).toBeLessThanOrEqual(vm.guestSwapPages);
    expect(
      cls[CLASS_HOT]! + vm.st.guestSwappedHot,
      `${vm.id}: working set above the active size`,
    ).toBeLessThanOrEqual(vm.st.activePages);
    if (prev) {
      const grant = hv[HV_PRIVATE]! + hv[HV_SHARED]!;
      const wasOn = prev.on.get(vm.id) === true;
      const res = vm.st.reservationPages;
      if (wasOn && prev.reservation.get(vm.id) === res) {
        const before = prev.grant.get(vm.id)!;
        expect(grant, `${vm.id}: touched reservation reclaimed`).toBeGreaterThanOrEqual(
          Math.min(res, before),
        );
      }
      if (wasOn && prev.limit.get(vm.id) === vm.limitPages) {
        const before = prev.grant.get(vm.id)!;
        expect(grant, `${vm.id}: grew above its limit`).toBeLessThanOrEqual(Math.max(vm.limitPages, before));
      }
    }
  }
  // Shared frames: one per distinct content in use, plus the zero frame.
  const distinct = domainRefs.size + (w.hv.shares.zeroRefs > 0 ? 1 : 0);
  let refErrors = 0;
  for (const [key, n] of domainRefs) {
    if (key >= 0) continue;
    const k = -key - 1;
    if (w.hv.shares.refs(Math.floor(k / 2 ** 31), k % 2 ** 31) !== n) refErrors++;
  }
  expect(refErrors, 'share table reference counts').toBe(0);
  expect(byState[M_SHARED], 'shared frames').toBe(distinct);
  let zeroShared = 0;
  for (const vm of w.vms) {
    if (!vm.pages) continue;
    for (let c = 0; c < 6; c++) zeroShared += vm.pages.counts[c | (HV_SHARED << 3) | (CONTENT_ZERO << 6)]!;
  }
  expect(zeroShared).toBe(w.hv.shares.zeroRefs);
  expect(refs).toBe(sharedGuestPages);
  expect(byState[M_FREE]).toBe(m.freePages);

  const host = engine.hostCounters();
  for (const [k, v] of Object.entries(host))
    if (typeof v === 'number') expect(v, `host ${k}`).toBeGreaterThanOrEqual(0);
  for (const c of engine.vmCounters()) {
    for (const [k, v] of Object.entries(c))
      if (typeof v === 'number') expect(v, `${c.id} ${k}`).toBeGreaterThanOrEqual(0);
    expect(c.perfIndex).toBeLessThanOrEqual(1);
  }
  if (prev) {
    for (const vm of w.vms) {
      const p = vm.pages;
      prev.grant.set(vm.id, p ? p.hvTotals[HV_PRIVATE]! + p.hvTotals[HV_SHARED]! : 0);
      prev.reservation.set(vm.id, vm.st.reservationPages);
      prev.limit.set(vm.id, vm.limitPages);
      prev.on.set(vm.id, vm.st.poweredOn);
    }
  }
}
