import type { PolicyHostView, PolicyVmView } from '../policy/policy-types';
import {
  CLASS_BALLOON,
  CLASS_CACHE,
  CLASS_COLD,
  CLASS_FREE,
  CLASS_HOT,
  CLASS_KERNEL,
  HV_COMPRESSED,
  HV_SWAPPED,
  HV_UNBACKED,
} from '../memory/page-codes';
import { balloonMaxPages } from './balloon-driver';
import { estimate } from './memory-monitor';
import type { World } from './engine-world';
import { machineConsumedPages } from './sharing-savings';
import type { VmRuntime } from './vm-runtime';

/** Pages the VMs may share out: host memory minus hypervisor minus powered-on VMs' overhead. */
export function availablePages(w: World): number {
  let overhead = 0;
  for (const vm of w.vms) if (vm.st.poweredOn) overhead += vm.overheadPages;
  return w.hostPages - w.hypervisorPages - overhead;
}

export function hostView(w: World): PolicyHostView {
  return {
    tick: w.sc.tick,
    tickMs: w.tickMs,
    totalPages: w.hostPages,
    availablePages: availablePages(w),
    freePages: w.machine.freePages,
    minFreePages: w.minFreePages,
    state: w.sc.hostState,
    stateChanged: w.sc.stateChanged,
  };
}

/** `savedPerShared` is {@link savedPerSharedPage} of this tick (computed once for all VMs). */
export function vmView(w: World, vm: VmRuntime, savedPerShared: number): PolicyVmView {
  const pages = vm.pages!;
  const t = pages.classTotals;
  return {
    id: vm.id,
    memoryPages: vm.memoryPages,
    reservationPages: vm.st.reservationPages,
    limitPages: vm.limitPages,
    shares: vm.sharesValue,
    memoryWeight: vm.spec.memoryWeight,
    consumedPages: Math.round(machineConsumedPages(vm, savedPerShared)),
    grantPages: vm.grantPages,
    touchedPages: vm.memoryPages - pages.hvTotals[HV_UNBACKED]!,
    balloonPages: t[CLASS_BALLOON]!,
    balloonMaxPages: balloonMaxPages(vm, w.scenario.policy),
    swappedPages: pages.hvTotals[HV_SWAPPED]!,
    compressedPages: pages.hvTotals[HV_COMPRESSED]!,
    activeFraction: estimate(vm.st.monitor),
    guestUsedPages: t[CLASS_KERNEL]! + t[CLASS_HOT]! + t[CLASS_COLD]! + t[CLASS_CACHE]!,
    guestFreePages: t[CLASS_FREE]!,
    guestCachePages: t[CLASS_CACHE]!,
    guestSwappedPages: vm.st.guestSwapped,
    driver: vm.st.driver,
    balloonProgressTick: vm.st.balloon.progressTick,
  };
}
