import { poweredOffVmCounters, type HostCounters, type VmCounters } from '../../core/model/counters';

/**
 * Counters for tests. VM counters start from core/model's powered-off VM, so a counter added
 * there needs no change here. Every number starts at 0, so a test
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
    largeMiB: 0,
    largeBroken: 0,
    overcommit: 0,
    ...overrides,
  };
}

/** A powered-on VM's counters, every number 0 unless `overrides` says otherwise. */
export function zeroVmCounters(id: string, overrides: Partial<VmCounters> = {}): VmCounters {
  return { ...poweredOffVmCounters(id, 0), poweredOn: true, ...overrides };
}
