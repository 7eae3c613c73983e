import type { BalloonDriverState, GuestOs, VmSpec } from '../scenario/vm-schema';
import { sharesPerMiB } from '../scenario/vm-schema';
import type { WorkloadSpec } from '../scenario/workload-schema';
import { defaultOverheadMiB } from '../scenario/scenario-checks';
import { GuestPages, type GuestPagesState } from '../memory/guest-pages';
import { HV_PRIVATE, HV_SHARED, TOUCHED_CLASSES } from '../memory/page-codes';
import { defaultGuestSwapMiB, defaultKernelMiB } from '../guest/guest-defaults';
import { createWorkload } from '../workload/create-workload';
import { mibToPages } from '../model/units';
import type { Workload } from '../workload/workload-types';
import { PageList } from '../memory/page-list';
import { PageStack } from '../memory/page-stack';
import { clonePlain } from './plain-clone';
import { newStats, ST_COUNT } from '../model/vm-stats';
import { newMonitorState, type MonitorState } from './memory-monitor';
import { newDriverState, type DriverState } from './balloon-driver-state';
import { CARRY_COUNT, type GuestScalars, type GuestVm } from '../guest/guest-host';

/** Everything about a VM that changes as it runs, as plain data (snapshots copy it whole). */
export interface VmScalars extends GuestScalars {
  reservationPages: number;
  limitPages: number | null;
  shares: VmSpec['shares'];
  driver: BalloonDriverState;
  workload: WorkloadSpec;
  workloadSeed: number;
  /** Tick from which the workload's clock runs (set time or power-on, whichever is later). */
  workloadStartTick: number;
  poweredOn: boolean;
  /** Tick from which the application runs again after an OOM kill; -1 while it runs. */
  appDownUntilTick: number;
  allocTarget: number;
  balloonTarget: number;
  swapTarget: number;
  /** Page-sharing scan position: chunk ordinal in the permutation, page offset in it. */
  scanOrdinal: number;
  scanOffset: number;
  scanStride: number;
  scanPass: number;
  monitor: MonitorState;
  balloon: DriverState;
  /** Stall of the last tick, ms, and the performance index it gives. */
  stallMs: number;
  perfIndex: number;
  /** First PPN a Hyper-V guest has not been given yet (hyperv-hot-add.ts); memoryPages when it has all. */
  hotAddCursor: number;
  /** 2 MiB regions backed by a large page now, and large pages broken since power-on. */
  largeRegions: number;
  largeBroken: number;
  /** Ticks since the hypervisor log of swap/compression/sharing activity was flushed. */
  hvLogTicks: number;
  /** Aggregated counts for that log (vm-stats indices). */
  hvLog: number[];
}

/** Absolute shares of a VM: level x configured MiB, or the number given. */
export function absoluteShares(shares: VmSpec['shares'], memoryMiB: number): number {
  return typeof shares === 'number' ? shares : sharesPerMiB[shares] * memoryMiB;
}

/** One VM: its fixed configuration, its plain-data state and its page structures. */
export class VmRuntime implements GuestVm {
  readonly id: string;
  readonly guestOs: GuestOs;
  readonly memoryPages: number;
  readonly kernelPages: number;
  readonly overheadPages: number;
  readonly guestDiskLatencyUs: number;
  /** Capacity of the guest's own swap space, pages. */
  readonly guestSwapPages: number;
  workload: Workload;
  /** Guest pages; allocated at first power-on. */
  pages: GuestPages | null = null;
  privatePages = new PageStack();
  zipPages = new PageStack();
  overheadStack = new PageStack();
  /** Frames of this VM's salted shared content (scope 'vm'). */
  framePages = new PageStack();
  /** Non-resident (compressed/swapped) pages per touched class, and shared zero pages per class. */
  nonResident: PageList[] = [];
  sharedZero: PageList[] = [];
  /** Event counts of the current tick (vm-stats indices). */
  stats = newStats();
  /** Backing of each 2 MiB region of guest memory (large-pages.ts REGION_*); null until large pages back any. */
  large: Uint8Array | null = null;

  constructor(
    readonly index: number,
    readonly spec: VmSpec,
    public st: VmScalars,
  ) {
    this.id = spec.id;
    this.guestOs = spec.guestOs;
    this.memoryPages = mibToPages(spec.memoryMiB);
    this.kernelPages = Math.min(
      this.memoryPages,
      mibToPages(spec.kernelMiB ?? defaultKernelMiB(spec.guestOs)),
    );
    this.overheadPages = mibToPages(spec.overheadMiB ?? defaultOverheadMiB(spec.memoryMiB));
    this.guestDiskLatencyUs = spec.guestDiskLatencyUs;
    this.guestSwapPages = mibToPages(spec.guestSwapMiB ?? defaultGuestSwapMiB(spec.memoryMiB));
    this.workload = createWorkload(st.workload, st.workloadSeed);
    this.setLimit(st.limitPages);
    for (let c = 0; c < TOUCHED_CLASSES; c++) {
      this.nonResident.push(new PageList());
      this.sharedZero.push(new PageList());
    }
  }

  static initialScalars(spec: VmSpec, workloadSeed: number): VmScalars {
    return {
      reservationPages: mibToPages(spec.reservationMiB),
      limitPages: spec.limitMiB === null ? null : mibToPages(spec.limitMiB),
      shares: spec.shares,
      driver: spec.balloonDriver,
      workload: spec.workload,
      workloadSeed,
      workloadStartTick: 0,
      poweredOn: false,
      kernelCursor: 0,
      zeroCursor: 0,
      guestSwapped: 0,
      guestSwappedHot: 0,
      fileReadPages: 0,
      oomKills: 0,
      appDownUntilTick: -1,
      allocTarget: 0,
      balloonTarget: 0,
      swapTarget: 0,
      carry: new Array<number>(CARRY_COUNT).fill(0),
      scanOrdinal: 0,
      scanOffset: 0,
      scanStride: 1,
      scanPass: 0,
      monitor: newMonitorState(),
      balloon: newDriverState(),
      stallMs: 0,
      perfIndex: 0,
      progress: 1,
      demandPages: 0,
      activePages: 0,
      hotAddCursor: mibToPages(spec.memoryMiB),
      largeRegions: 0,
      largeBroken: 0,
      hvLogTicks: 0,
      hvLog: new Array<number>(ST_COUNT).fill(0),
      blocked: false,
    };
  }

  get memoryMiB(): number {
    return this.spec.memoryMiB;
  }

  /** Limit in pages (the configured size when there is none); call {@link setLimit} to change it. */
  limitPages = 0;

  setLimit(pages: number | null): void {
    this.st.limitPages = pages;
    this.limitPages = Math.min(this.memoryPages, pages ?? this.memoryPages);
  }

  get sharesValue(): number {
    return absoluteShares(this.st.shares, this.spec.memoryMiB);
  }

  /** Guest pages backed by a machine page (private + shared): GRANT. */
  get grantPages(): number {
    const p = this.pages;
    return p ? p.hvTotals[HV_PRIVATE]! + p.hvTotals[HV_SHARED]! : 0;
  }

  /** Pages the host may still reclaim without touching the reservation. */
  get reclaimablePages(): number {
    return Math.max(0, this.grantPages - this.st.reservationPages);
  }

  setWorkload(spec: WorkloadSpec, seed: number, startTick: number): void {
    this.st.workload = spec;
    this.st.workloadSeed = seed;
    this.st.workloadStartTick = startTick;
    this.workload = createWorkload(spec, seed);
  }

  ensurePages(): GuestPages {
    if (!this.pages) this.pages = GuestPages.create(this.memoryPages);
    return this.pages;
  }

  save(): VmSave {
    return {
      st: clonePlain(this.st),
      pages: this.pages ? this.pages.save() : null,
      privatePages: this.privatePages.save(),
      zipPages: this.zipPages.save(),
      overheadStack: this.overheadStack.save(),
      framePages: this.framePages.save(),
      nonResident: this.nonResident.map((l) => l.save()),
      sharedZero: this.sharedZero.map((l) => l.save()),
      stats: this.stats.slice(),
      large: this.large ? this.large.slice() : null,
    };
  }

  static restore(index: number, spec: VmSpec, s: VmSave): VmRuntime {
    const vm = new VmRuntime(index, spec, clonePlain(s.st));
    vm.pages = s.pages ? GuestPages.restore(s.pages) : null;
    vm.privatePages = PageStack.restore(s.privatePages);
    vm.zipPages = PageStack.restore(s.zipPages);
    vm.overheadStack = PageStack.restore(s.overheadStack);
    vm.framePages = PageStack.restore(s.framePages);
    vm.nonResident = s.nonResident.map((l) => PageList.restore(l));
    vm.sharedZero = s.sharedZero.map((l) => PageList.restore(l));
    vm.stats = s.stats.slice();
    vm.large = s.large ? s.large.slice() : null;
    return vm;
  }
}

/** Snapshot of one VM. */
export interface VmSave {
  st: VmScalars;
  pages: GuestPagesState | null;
  privatePages: Int32Array;
  zipPages: Int32Array;
  overheadStack: Int32Array;
  framePages: Int32Array;
  nonResident: Int32Array[];
  sharedZero: Int32Array[];
  stats: Float64Array;
  large: Uint8Array | null;
}
