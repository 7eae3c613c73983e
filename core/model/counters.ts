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
