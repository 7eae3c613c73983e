import { pagesToMiB } from '../model/units';
import {
  CLASS_CACHE,
  CLASS_HOT,
  HV_PRIVATE,
  HV_SHARED,
  HV_SWAPPED,
  pageByte,
  CONTENT_ZERO,
} from '../memory/page-codes';
import { balloonMaxPages, balloonTargetPages } from './balloon-driver';
import { poweredOffVmCounters, type HostCounters, type VmCounters } from '../model/counters';
import type { World } from './engine-world';
import type { VmRuntime } from './vm-runtime';
import { M_HYPERVISOR, M_OVERHEAD, M_ZIP } from '../memory/machine-memory';
import { savedPerSharedPage, sharingTotals } from './sharing-savings';
import { estimate } from './memory-monitor';
import { largeBackedPages } from './large-pages';
import { realBalloonPages } from './hyperv-hot-add';
import { ST_GUEST_SWAP_IN, ST_GUEST_SWAP_OUT, ST_SWAP_IN, ST_SWAP_OUT } from '../model/vm-stats';

const MIB = pagesToMiB(1);

export function hostCounters(w: World): HostCounters {
  let balloon = 0;
  let swapped = 0;
  let configuredMiB = 0;
  let large = 0;
  let broken = 0;
  for (const vm of w.vms) {
    broken += vm.st.largeBroken;
    large += largeBackedPages(vm);
    if (!vm.pages) continue;
    balloon += realBalloonPages(vm);
    swapped += vm.pages.hvTotals[HV_SWAPPED]!;
    if (vm.st.poweredOn) configuredMiB += vm.memoryMiB;
  }
  const s = sharingTotals(w);
  return {
    tick: w.sc.tick,
    timeS: (w.sc.tick * w.tickMs) / 1000,
    state: w.sc.hostState,
    pmemMiB: w.hostPages * MIB,
    freeMiB: w.machine.freePages * MIB,
    minFreeMiB: w.minFreePages * MIB,
    hypervisorMiB: w.machine.count(M_HYPERVISOR) * MIB,
    overheadMiB: w.machine.count(M_OVERHEAD) * MIB,
    shrdsvdMiB: (s.shared - s.frames) * MIB,
    mctlszMiB: balloon * MIB,
    swcurMiB: swapped * MIB,
    zipMiB: w.machine.count(M_ZIP) * MIB,
    largeMiB: large * MIB,
    largeBroken: broken,
    overcommit: configuredMiB / w.scenario.host.memoryMiB,
  };
}

/**
 * Per-VM counters. SHRDSVD of a VM is its proportional part of the host's sharing savings
 * (shared pages minus frames), as esxtop estimates it; CONSUMED = GRANT - SHRDSVD.
 * Rates are over the last tick. A powered-off VM reports zeros (perf index 0).
 */
export function vmCounters(w: World): VmCounters[] {
  const savedPerShared = savedPerSharedPage(w);
  const perS = MIB / w.dtS;
  // Built by push, not map: an optimized Array#map returns holey arrays, a new map for every
  // reader of the counters to deoptimize on.
  const out: VmCounters[] = [];
  for (const vm of w.vms) out.push(countersOf(w, vm, savedPerShared, perS));
  return out;
}

/** One VM's counters (see {@link vmCounters}); `perS` turns pages per tick into MiB/s. */
function countersOf(w: World, vm: VmRuntime, savedPerShared: number, perS: number): VmCounters {
  const pages = vm.pages;
  if (!vm.st.poweredOn || !pages) return poweredOffVmCounters(vm.id, vm.memoryMiB);
  const hv = pages.hvTotals;
  const grant = hv[HV_PRIVATE]! + hv[HV_SHARED]!;
  const shared = hv[HV_SHARED]!;
  const saved = shared * savedPerShared;
  let zero = 0;
  for (let cls = 0; cls < 6; cls++) zero += pages.counts[pageByte(cls, HV_SHARED, CONTENT_ZERO)]!;
  const cap = balloonMaxPages(vm, w.scenario.policy);
  return {
    id: vm.id,
    poweredOn: true,
    memszMiB: vm.memoryMiB,
    grantMiB: grant * MIB,
    sztgtMiB: vm.st.allocTarget * MIB,
    tchdMiB: estimate(vm.st.monitor) * vm.memoryPages * MIB,
    actvMiB: (pages.classTotals[CLASS_HOT]! + vm.st.guestSwappedHot) * MIB,
    consumedMiB: (grant - saved) * MIB,
    mctlszMiB: realBalloonPages(vm) * MIB,
    mctltgtMiB: balloonTargetPages(vm, cap) * MIB,
    mctlmaxMiB: cap * MIB,
    swcurMiB: hv[HV_SWAPPED]! * MIB,
    swtgtMiB: vm.st.swapTarget * MIB,
    swrMiBps: vm.stats[ST_SWAP_IN]! * perS,
    swwMiBps: vm.stats[ST_SWAP_OUT]! * perS,
    zipMiB: vm.zipPages.size * MIB,
    shrdMiB: shared * MIB,
    zeroMiB: zero * MIB,
    shrdsvdMiB: saved * MIB,
    ovhdMiB: vm.overheadStack.size * MIB,
    guestSwapMiB: vm.st.guestSwapped * MIB,
    guestSwapInMiBps: vm.stats[ST_GUEST_SWAP_IN]! * perS,
    guestSwapOutMiBps: vm.stats[ST_GUEST_SWAP_OUT]! * perS,
    guestCacheMiB: pages.classTotals[CLASS_CACHE]! * MIB,
    demandMiB: vm.st.demandPages * MIB,
    perfIndex: vm.st.perfIndex,
  };
}
