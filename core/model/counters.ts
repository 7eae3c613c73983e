// The counters the lab reports, by their esxtop names: the vocabulary every layer shares.

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
  /** Guest memory backed by 2 MiB large pages. */
  largeMiB: number;
  /** Large pages broken into small pages since the run started (count). */
  largeBroken: number;
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

/** The counters of a VM that is off: its configured size, every other number 0 (perf index 0). */
export function poweredOffVmCounters(id: string, memszMiB: number): VmCounters {
  return {
    id,
    poweredOn: false,
    memszMiB,
    grantMiB: 0,
    sztgtMiB: 0,
    tchdMiB: 0,
    actvMiB: 0,
    consumedMiB: 0,
    mctlszMiB: 0,
    mctltgtMiB: 0,
    mctlmaxMiB: 0,
    swcurMiB: 0,
    swtgtMiB: 0,
    swrMiBps: 0,
    swwMiBps: 0,
    zipMiB: 0,
    shrdMiB: 0,
    zeroMiB: 0,
    shrdsvdMiB: 0,
    ovhdMiB: 0,
    guestSwapMiB: 0,
    guestSwapInMiBps: 0,
    guestSwapOutMiBps: 0,
    guestCacheMiB: 0,
    demandMiB: 0,
    perfIndex: 0,
  };
}
