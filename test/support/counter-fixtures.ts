import type { HostCounters, VmCounters } from '../../core/model/counters';

/**
 * Counters for tests, the one place that lists every field: a counter added to
 * core/model/counters.ts is added here and nowhere else. Every number starts at 0, so a test
 * states each value it depends on in `overrides`.
 */
export function zeroHostCounters(overrides: Partial<HostCounters> = {}): HostCounters {
  return {
    tick: 0,
    timeS: 0,
    state: 'high',
    pmemMiB: 0,
    freeMiB: 0,
    minFreeMiB: 0,
    hypervisorMiB: 0,
    overheadMiB: 0,
    shrdsvdMiB: 0,
    mctlszMiB: 0,
    swcurMiB: 0,
    zipMiB: 0,
    overcommit: 0,
    ...overrides,
  };
}

/** A powered-on VM's counters, every number 0 unless `overrides` says otherwise. */
export function zeroVmCounters(id: string, overrides: Partial<VmCounters> = {}): VmCounters {
  return {
    id,
    poweredOn: true,
    memszMiB: 0,
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
    ...overrides,
  };
}
