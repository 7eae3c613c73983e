import type { GuestPages } from '../memory/guest-pages';
import type { MachineMemory } from '../memory/machine-memory';
import type { PageList } from '../memory/page-list';
import type { PageStack } from '../memory/page-stack';
import type { Rng } from '../random/rng';
import type { GuestOs } from '../scenario/vm-schema';
import type { Workload } from '../workload/workload-types';

/** Slots of a VM's fractional per-tick rate carries (`carry`), shared by guest and hypervisor. */
export const CARRY_ALLOC = 0;
export const CARRY_CACHE = 1;
export const CARRY_SCAN = 2;
export const CARRY_ZERO = 3;
export const CARRY_COUNT = 4;

/** The guest OS's part of a VM's plain-data state (snapshots copy it whole). */
export interface GuestScalars {
  /** Kernel pages loaded so far at boot. */
  kernelCursor: number;
  /** Next PPN the Windows boot-time zeroing sweep visits; memoryPages when done. */
  zeroCursor: number;
  /** Application pages in the guest's own swap. */
  guestSwapped: number;
  /**
   * Of those, pages of the working set: the workload touches them at the hot rate, so each
   * faults back in (a guest swap-in) about a second after it went out. The rest are cold.
   */
  guestSwappedHot: number;
  /** File-set pages the workload has read at least once (later reads of evicted ones are misses). */
  fileReadPages: number;
  /** Applications the guest's OOM killer has ended so far. */
  oomKills: number;
  /** Last sample of the workload (pages). */
  demandPages: number;
  activePages: number;
  /** Fractional carries of per-tick rates, by CARRY_* slot. */
  carry: number[];
  /**
   * How fast the guest runs, 0..1: a smoothed performance index. A stalled guest does less
   * work, so it touches (and faults) fewer pages per tick; this closes the loop that would
   * otherwise let a thrashing VM fault faster than it could ever run.
   */
  progress: number;
  /** The hypervisor refuses this VM new machine pages (above target in the low state). */
  blocked: boolean;
}

/** What the guest OS model sees of its VM: its pages, its state and the workload it runs. */
export interface GuestVm {
  readonly index: number;
  readonly id: string;
  readonly guestOs: GuestOs;
  readonly memoryPages: number;
  readonly kernelPages: number;
  /** Capacity of the guest's own swap space, pages. */
  readonly guestSwapPages: number;
  /** Machine pages the VM may hold (its limit, or its configured size). */
  readonly limitPages: number;
  readonly pages: GuestPages | null;
  readonly st: GuestScalars;
  /** Event counts of the current tick (core/model/vm-stats indices). */
  readonly stats: Float64Array;
  readonly workload: Workload;
  /** Non-resident (compressed/swapped) pages per touched class, and shared zero pages per class. */
  readonly nonResident: readonly PageList[];
  readonly sharedZero: readonly PageList[];
  /** The VM's private machine pages (the fast fill path takes free ones directly). */
  readonly privatePages: PageStack;
}

/**
 * The hypervisor as the guest reaches it: the guest never sees machine memory except through
 * these, so the guest model depends on this small interface, not on the engine.
 */
export interface GuestHost {
  readonly rng: Rng;
  readonly machine: MachineMemory;
  /**
   * Makes page `p` (state byte `b`) resident for a touch: backs an untouched page,
   * decompresses or swaps in a reclaimed one, and on a write breaks a share (copy-on-write).
   * Returns the page's new hv state, or -1 when no machine page could be had (the touch waits).
   */
  touch(vm: GuestVm, p: number, b: number, write: boolean): number;
  /** True when the host backs guest memory with large pages: first touches go through {@link backUntouched}. */
  readonly largePages: boolean;
  /**
   * Backs untouched page `p` for a first touch on a fast path, taking at most `room` machine
   * pages (a large page backs its whole 2 MiB region). Returns machine pages taken, 0 for none.
   */
  backUntouched(vm: GuestVm, p: number, room: number): number;
}
