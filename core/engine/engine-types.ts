import type { Intervention } from '../scenario/event-schema';
import type { Scenario } from '../scenario/scenario-schema';

/** ESXi free-memory states, from most to least free. */
export const hostStates = ['high', 'clear', 'soft', 'hard', 'low'] as const;
export type HostState = (typeof hostStates)[number];

/** Host-wide counters (esxtop names), MiB unless the name says otherwise. */
export interface HostCounters {
  tick: number;
  timeS: number;
  state: HostState;
  pmemMiB: number;
  freeMiB: number;
  minFreeMiB: number;
  hypervisorMiB: number;
  /** Sum of powered-on VMs' overhead memory. */
  overheadMiB: number;
  shrdsvdMiB: number;
  mctlszMiB: number;
  swcurMiB: number;
  zipMiB: number;
  /** Sum of configured VM memory / host memory (dimensionless). */
  overcommit: number;
}

/** Per-VM counters (esxtop names), MiB unless the name says otherwise. */
export interface VmCounters {
  id: string;
  poweredOn: boolean;
  memszMiB: number;
  grantMiB: number;
  sztgtMiB: number;
  /** Estimated active memory (the memory monitor's estimate). */
  tchdMiB: number;
  /** True active memory of the workload (what the estimate tries to find). */
  actvMiB: number;
  consumedMiB: number;
  mctlszMiB: number;
  mctltgtMiB: number;
  mctlmaxMiB: number;
  swcurMiB: number;
  swtgtMiB: number;
  swrMiBps: number;
  swwMiBps: number;
  zipMiB: number;
  shrdMiB: number;
  zeroMiB: number;
  shrdsvdMiB: number;
  ovhdMiB: number;
  guestSwapMiB: number;
  guestSwapInMiBps: number;
  guestSwapOutMiBps: number;
  guestCacheMiB: number;
  demandMiB: number;
  /** tick / (tick + stall), 0..1. */
  perfIndex: number;
}

/** Who wrote a log line: the balloon driver, the memory monitor, the hypervisor, or the guest kernel (OOM killer). */
export const logSources = ['driver', 'monitor', 'hypervisor', 'guest'] as const;
export type LogSource = (typeof logSources)[number];
export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

/** One line of a VM's driver log (vm is '' for host-wide lines). */
export interface LogLine {
  /** Monotonic sequence number, unique within a run. */
  seq: number;
  tick: number;
  timeS: number;
  vm: string;
  source: LogSource;
  level: LogLevel;
  /** Short machine-readable kind, e.g. 'inflate', 'target', 'admission-failed'. */
  event: string;
  message: string;
}

/** Which pages a map summary covers and how many cells it may use. */
export interface MapRequest {
  /** Maximum number of cells; the summary uses at most this many. */
  cells: number;
  /** First page (machine page for the host map, guest PPN for a guest map); default 0. */
  firstPage?: number;
  /** Pages covered; default all. */
  pageCount?: number;
}

/** Machine page states shown on the host map, in legend order. */
export const hostPageStates = ['free', 'hypervisor', 'overhead', 'private', 'shared', 'zip'] as const;
export type HostPageState = (typeof hostPageStates)[number];

/**
 * Host memory map summary: `counts[cell * hostPageStates.length + state]` machine pages;
 * `owner[cell]` is the index into `vmIds` of the VM owning most pages of the cell,
 * -1 when none (free or hypervisor), -2 when the cell is mostly shared across VMs.
 */
export interface HostMap {
  firstPage: number;
  pageCount: number;
  pagesPerCell: number;
  cells: number;
  vmIds: string[];
  counts: Uint32Array;
  owner: Int16Array;
}

/** What the guest OS uses each PPN for, in legend order. */
export const guestPageClasses = ['kernel', 'hot', 'cold', 'cache', 'free', 'balloon'] as const;
export type GuestPageClass = (typeof guestPageClasses)[number];
/** The hypervisor's view of each PPN, in legend order. */
export const hvPageStates = ['unbacked', 'private', 'shared', 'ballooned', 'compressed', 'swapped'] as const;
export type HvPageState = (typeof hvPageStates)[number];

/** Guest memory map summary of one VM: two count arrays of `cells * classes` entries. */
export interface GuestMap {
  vm: string;
  firstPage: number;
  pageCount: number;
  pagesPerCell: number;
  cells: number;
  guestCounts: Uint32Array;
  hvCounts: Uint32Array;
  /** Application pages the guest has swapped out to its own disk (not in any PPN). */
  guestSwappedPages: number;
}

/** An intervention with the tick it was applied at. */
export interface RecordedIntervention {
  tick: number;
  intervention: Intervention;
}

/**
 * The complete engine state: structured-cloneable (typed arrays inside), enough to
 * continue byte-identically with {@link restoreEngine}.
 */
export interface EngineSnapshot {
  engineVersion: string;
  scenario: Scenario;
  tick: number;
  state: Record<string, unknown>;
}

/** A deterministic page-accurate simulation of one host. */
export interface Engine {
  readonly scenario: Scenario;
  /** Ticks simulated so far. */
  readonly tick: number;
  /** Tick at which the scenario's duration is reached. */
  readonly endTick: number;
  /** Simulated seconds so far (tick * tickMs / 1000). */
  readonly timeS: number;
  /** Advances `ticks` ticks (default 1), never past endTick. */
  step(ticks?: number): void;
  /** Advances until `tick` (clamped to endTick). */
  runUntil(tick: number): void;
  /** Applies a change now; it is recorded with the current tick. Throws on an unknown VM or impossible value. */
  apply(intervention: Intervention): void;
  interventions(): readonly RecordedIntervention[];
  hostCounters(): HostCounters;
  /** One entry per VM of the scenario, sorted by id. */
  vmCounters(): VmCounters[];
  /** Log lines produced since the previous call, oldest first. */
  drainLog(): LogLine[];
  hostMap(req: MapRequest): HostMap;
  guestMap(vmId: string, req: MapRequest): GuestMap;
  snapshot(): EngineSnapshot;
}
