import type { HostCounters, HostState, VmCounters } from '../../../../core/engine/engine-types';
import type { TraceSample } from '../../../../core/lab-api/lab-api-contract';

export function hostCounters(over: Partial<HostCounters> = {}): HostCounters {
  return {
    tick: 0,
    timeS: 0,
    state: 'high',
    pmemMiB: 16384,
    freeMiB: 8000,
    minFreeMiB: 983,
    hypervisorMiB: 512,
    overheadMiB: 100,
    shrdsvdMiB: 0,
    mctlszMiB: 0,
    swcurMiB: 0,
    zipMiB: 0,
    overcommit: 1.5,
    ...over,
  };
}

export function vmCounters(id: string, over: Partial<VmCounters> = {}): VmCounters {
  return {
    id,
    poweredOn: true,
    memszMiB: 4096,
    grantMiB: 3000,
    sztgtMiB: 3500,
    tchdMiB: 900,
    actvMiB: 1000,
    consumedMiB: 2900,
    mctlszMiB: 0,
    mctltgtMiB: 0,
    mctlmaxMiB: 2662,
    swcurMiB: 0,
    swtgtMiB: 0,
    swrMiBps: 0,
    swwMiBps: 0,
    zipMiB: 0,
    shrdMiB: 100,
    zeroMiB: 50,
    shrdsvdMiB: 80,
    ovhdMiB: 57,
    guestSwapMiB: 0,
    guestSwapInMiBps: 0,
    guestSwapOutMiBps: 0,
    guestCacheMiB: 256,
    demandMiB: 3000,
    perfIndex: 1,
    ...over,
  };
}

/** A sample at `timeS` with the given VMs (default two) and host state. */
export function sample(
  timeS: number,
  vms: VmCounters[] = [vmCounters('a'), vmCounters('b')],
  state: HostState = 'high',
  freeMiB = 8000,
): TraceSample {
  return { timeS, host: hostCounters({ timeS, tick: timeS, state, freeMiB }), vms };
}
