import type { HostState } from '../model/counters';
import type { BalloonDriverState } from '../scenario/vm-schema';
import type { PolicySpec } from '../scenario/policy-schema';

/** What a policy may see of one powered-on VM. All sizes in 4 KiB pages. */
export interface PolicyVmView {
  id: string;
  /** Configured memory (MEMSZ). */
  memoryPages: number;
  reservationPages: number;
  /** Limit, or memoryPages when the VM has none. */
  limitPages: number;
  /** Absolute shares (level x configured MiB, or the number given). */
  shares: number;
  /** Hyper-V memory weight, 0..10000. */
  memoryWeight: number;
  /**
   * Machine memory the VM costs (CONSUMED = GRANT − SHRDSVD, its proportional part of the
   * sharing savings, rounded to whole pages): the unit of ESX's memory pool and SZTGT.
   */
  consumedPages: number;
  /** Guest pages backed by a machine page, private or shared (GRANT; a KVM guest's RSS). */
  grantPages: number;
  /** Pages touched by the guest at least once (everything but unbacked). */
  touchedPages: number;
  balloonPages: number;
  /** The balloon cap (Mem.CtlMaxPercent of memory). */
  balloonMaxPages: number;
  swappedPages: number;
  compressedPages: number;
  /** The memory monitor's estimated active fraction f, 0..1. */
  activeFraction: number;
  /** What the guest reports as in use (kernel + application + page cache), as virtio-balloon stats or Hyper-V "committed" do. */
  guestUsedPages: number;
  guestFreePages: number;
  guestCachePages: number;
  /** Application pages in the guest's own swap (part of Windows' commit charge, which Hyper-V reads). */
  guestSwappedPages: number;
  driver: BalloonDriverState;
  /** Last tick at which the balloon moved toward its target; -1 if never. */
  balloonProgressTick: number;
}

/** What a policy may see of the host. Sizes in 4 KiB pages. */
export interface PolicyHostView {
  tick: number;
  tickMs: number;
  /** All memory the host manages (PMEM): what MOM's HostMemory collector reports as total. */
  totalPages: number;
  /** Pages the VMs may share out: host memory minus hypervisor minus powered-on VMs' overhead. */
  availablePages: number;
  freePages: number;
  minFreePages: number;
  state: HostState;
  /** True on the tick the host entered a new state. */
  stateChanged: boolean;
}

/** Targets for one VM (esxtop SZTGT, MCTLTGT, SWTGT), in pages. */
export interface VmTargets {
  allocTargetPages: number;
  balloonTargetPages: number;
  swapTargetPages: number;
}

/** A log line a policy wants in a VM's log (source 'hypervisor'). */
export interface PolicyNote {
  vm: string;
  event: string;
  message: string;
}

export interface PolicyDecision {
  /** New targets, keyed by VM id. VMs missing keep their previous targets. */
  targets: Map<string, VmTargets>;
  notes: PolicyNote[];
}

/**
 * Decides memory targets; the engine enforces invariants (bounds, caps, conservation) and
 * applies them. Called every tick with VMs in id order; returns null when it keeps its
 * previous targets this tick (between balance periods). Must be deterministic and keep all
 * its state in `saveState`.
 */
export interface MemoryPolicy {
  readonly kind: PolicySpec['kind'];
  decide(host: PolicyHostView, vms: readonly PolicyVmView[]): PolicyDecision | null;
  saveState(): unknown;
  restoreState(state: unknown): void;
}
