import type { HostCounters, VmCounters } from '../../../core/engine/engine-types';

export function hostSample(timeS: number, o: Partial<HostCounters> = {}): HostCounters {
  return {
    tick: timeS,
    timeS,
    state: 'high',
    pmemMiB: 16384,
    freeMiB: 4000,
    minFreeMiB: 655.36,
    hypervisorMiB: 512,
    overheadMiB: 200,
    shrdsvdMiB: 0,
    mctlszMiB: 0,
    swcurMiB: 0,
    zipMiB: 0,
    overcommit: 1.5,
    ...o,
  };
}

export function vmSample(id: string, o: Partial<VmCounters> = {}): VmCounters {
  return {
    id,
    poweredOn: true,
    memszMiB: 4096,
    grantMiB: 2000,
    sztgtMiB: 4096,
    tchdMiB: 600,
    actvMiB: 600,
    consumedMiB: 2000,
    mctlszMiB: 0,
    mctltgtMiB: 0,
    mctlmaxMiB: 2662.4,
    swcurMiB: 0,
    swtgtMiB: 0,
    swrMiBps: 0,
    swwMiBps: 0,
    zipMiB: 0,
    shrdMiB: 0,
    zeroMiB: 0,
    shrdsvdMiB: 0,
    ovhdMiB: 57,
    guestSwapMiB: 0,
    guestSwapInMiBps: 0,
    guestSwapOutMiBps: 0,
    guestCacheMiB: 256,
    demandMiB: 1500,
    perfIndex: 1,
    ...o,
  };
}
