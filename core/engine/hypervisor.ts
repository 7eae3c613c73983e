import type { Rng } from '../random/rng';
import type { GuestHost } from '../guest/guest-host';
import { HV_MASK, HV_PRIVATE, HV_SHARED } from '../memory/page-codes';
import { guestOsKinds } from '../scenario/vm-schema';
import { M_PRIVATE, M_SHARED, type MachineMemory } from '../memory/machine-memory';
import type { PageStack } from '../memory/page-stack';
import type { ShareTable } from '../memory/share-table';
import type { VmRuntime } from './vm-runtime';
import { ST_BLOCKED } from '../model/vm-stats';
import { reclaimPage, touchHv } from './page-ops';
import { backUntouched } from './large-pages';
import { chargedPages, savedPerSharedPage } from './sharing-savings';

/** Random probes before a clock sweep when the host picks a page to swap (it cannot see which pages matter). */
export const HOST_PICK_PROBES = 32;
/** Largest cluster of neighbouring pages reclaimed around one random pick. */
export const RECLAIM_RUN = 8;
/** Pages the engine swaps from one VM when free machine memory runs out, before looking again. */
export const EMERGENCY_BATCH = 64;

export interface HypervisorConfig {
  scope: 'vm' | 'host';
  compressionEnabled: boolean;
  cachePct: number;
  /** Back guest memory with 2 MiB large pages where it can (large-pages.ts). */
  largePages: boolean;
  /** Page sharing (ESX) or KSM (KVM) runs on this host. */
  pageSharing: boolean;
  /** minFree in pages: large pages are only allocated while free memory stays above it. */
  minFreePages: number;
  /** Allocation targets are machine memory (CONSUMED), not guest pages (see sharing-savings.ts). */
  targetsInMachineMemory: boolean;
}

/**
 * The host side of memory: machine pages, shared frames and every allocation a VM makes.
 * Allocation is where the invariants are enforced whatever the policy says: a VM never
 * holds more than its limit (it swaps one of its own pages first), a VM above target in
 * the low state blocks, and when free memory runs out the engine swaps pages of the VM
 * furthest above its target rather than hand out memory it does not have.
 */
export class Hypervisor implements GuestHost {
  /** Pages reclaimed by the emergency path this tick (for the log). */
  emergencyPages = 0;
  /** Host-wide sharing domain (guest OS) per VM index. */
  private readonly shareDomain: Int32Array;

  constructor(
    readonly rng: Rng,
    readonly machine: MachineMemory,
    readonly shares: ShareTable,
    /** Host-wide shared frames (scope 'host' OS frames and the zero frame's siblings). */
    readonly sharedFrames: PageStack,
    readonly vms: readonly VmRuntime[],
    readonly config: HypervisorConfig,
  ) {
    this.shareDomain = Int32Array.from(vms, (vm) => guestOsKinds.indexOf(vm.guestOs));
  }

  get largePages(): boolean {
    return this.config.largePages;
  }

  /** The guest's first touch of untouched page `p` on a fast path: see {@link backUntouched}. */
  backUntouched(vm: VmRuntime, p: number, room: number): number {
    return backUntouched(this, vm, p, room);
  }

  /** The guest's touch of page `p` (byte `b`): see {@link touchHv}. */
  touch(vm: VmRuntime, p: number, b: number, write: boolean): number {
    return touchHv(this, vm, p, b, write);
  }

  /** Owner index of host-wide shared frames. */
  get sharedOwner(): number {
    return this.vms.length;
  }

  /** Host-wide sharing domain of a VM's OS pages: its guest OS. */
  osDomain(vm: VmRuntime): number {
    return this.shareDomain[vm.index]!;
  }

  /** Compression cache cap of a VM in machine pages (Mem.MemZipMaxPct). */
  zipCapPages(vm: VmRuntime): number {
    return Math.floor((this.config.cachePct / 100) * vm.memoryPages);
  }

  /** A machine page for a VM's private use, or -1 (blocked, at limit with nothing to swap, or host out of memory). */
  allocPrivate(vm: VmRuntime): number {
    if (vm.st.blocked) {
      vm.stats[ST_BLOCKED]!++;
      return -1;
    }
    const held = vm.pages!.hvTotals;
    if (
      held[HV_PRIVATE]! + held[HV_SHARED]! >= vm.limitPages &&
      this.reclaimFrom(vm, 1, this.config.compressionEnabled) === 0
    )
      return -1;
    let m = this.machine.alloc(M_PRIVATE, vm.index);
    if (m < 0) {
      this.emergencyReclaim();
      m = this.machine.alloc(M_PRIVATE, vm.index);
      if (m < 0) return -1;
    }
    vm.privatePages.push(m);
    return m;
  }

  /** Returns one of the VM's private machine pages to the free pool. */
  freePrivate(vm: VmRuntime): void {
    const m = vm.privatePages.pop();
    if (m < 0) throw new Error(`VM ${vm.id} freed a private page it does not own`);
    this.machine.free(m);
  }

  /** A frame for newly shared content (never fails: callers free a private page first). */
  allocFrame(vm: VmRuntime, hostWide: boolean): void {
    const owner = hostWide || this.config.scope === 'host' ? this.sharedOwner : vm.index;
    const m = this.machine.alloc(M_SHARED, owner);
    if (m < 0) throw new Error('no machine page for a shared frame');
    (owner === this.sharedOwner ? this.sharedFrames : vm.framePages).push(m);
  }

  freeFrame(vm: VmRuntime, hostWide: boolean): void {
    const stack = hostWide || this.config.scope === 'host' ? this.sharedFrames : vm.framePages;
    const m = stack.pop();
    if (m < 0) throw new Error('freed a shared frame that does not exist');
    this.machine.free(m);
  }

  /**
   * Swaps (or compresses) up to `n` private pages of `vm` picked at random, never below its
   * reservation. Pages go in clusters of up to {@link RECLAIM_RUN} neighbouring private pages
   * from each random pick: still blind to what the guest values, and it keeps the host's
   * random walk over a large VM from paying a cache miss per page.
   */
  reclaimFrom(vm: VmRuntime, n: number, allowCompress: boolean): number {
    const pages = vm.pages;
    if (!pages) return 0;
    const bytes = pages.bytes;
    const held = pages.hvTotals;
    const last = pages.pages;
    // vm.reclaimablePages > 0, read straight from the counts on every page (reclaimPage may
    // break a large page and share some of it, so it is not simply one less per page).
    const reserved = vm.st.reservationPages;
    const rng = this.rng;
    const want = HV_PRIVATE << 3;
    let done = 0;
    while (done < n && held[HV_PRIVATE]! + held[HV_SHARED]! - reserved > 0) {
      const p = pages.pickHv(HV_PRIVATE, rng, HOST_PICK_PROBES);
      if (p < 0) break;
      reclaimPage(this, vm, p, allowCompress);
      done++;
      const end = Math.min(last, p + RECLAIM_RUN);
      for (let q = p + 1; q < end && done < n && held[HV_PRIVATE]! + held[HV_SHARED]! - reserved > 0; q++) {
        if ((bytes[q]! & HV_MASK) !== want) continue;
        reclaimPage(this, vm, q, allowCompress);
        done++;
      }
    }
    return done;
  }

  /** Frees machine memory by swapping from the VM furthest above its target. False when nothing can be reclaimed. */
  emergencyReclaim(): boolean {
    let victim: VmRuntime | null = null;
    let worst = -Infinity;
    const savedPerShared = savedPerSharedPage(this);
    for (const vm of this.vms) {
      if (!vm.st.poweredOn || vm.reclaimablePages === 0 || !vm.pages || vm.pages.hvTotals[HV_PRIVATE] === 0)
        continue;
      const excess = chargedPages(vm, this.config.targetsInMachineMemory, savedPerShared) - vm.st.allocTarget;
      if (excess > worst) {
        worst = excess;
        victim = vm;
      }
    }
    if (!victim) return false;
    const n = this.reclaimFrom(victim, EMERGENCY_BATCH, false);
    this.emergencyPages += n;
    return n > 0;
  }
}
