import { CLASS_BALLOON, contentOf, HV_SHARED, hvOf, CONTENT_ZERO } from '../memory/page-codes';
import { M_OVERHEAD } from '../memory/machine-memory';
import { fmtMiB } from '../model/units';
import type { World } from './engine-world';
import { newDriverState } from './balloon-driver-state';
import { newMonitorState } from './memory-monitor';
import { releaseShare } from './page-ops';
import { drawScanStride } from './page-sharing';
import { PageList } from '../memory/page-list';
import { bootWithStartupRam } from './hyperv-hot-add';
import { balloonModelFor } from './balloon-models';
import type { VmRuntime } from './vm-runtime';
import { CARRY_COUNT } from '../guest/guest-host';
import type { PageStack } from '../memory/page-stack';

/** Memory not promised to powered-on VMs (reservation + overhead) nor used by the hypervisor, pages. */
export function unreservedPages(w: World, except?: VmRuntime): number {
  let promised = w.hypervisorPages;
  for (const vm of w.vms) {
    if (vm.st.poweredOn && vm !== except) promised += vm.st.reservationPages + vm.overheadPages;
  }
  return w.hostPages - promised;
}

function freeAll(w: World, stack: PageStack): void {
  for (let m = stack.pop(); m >= 0; m = stack.pop()) w.machine.free(m);
}

/**
 * Powers a VM on if admission control allows: its reservation plus overhead must fit in
 * unreserved memory, and the overhead is charged to the host at once. The guest boots from
 * scratch (kernel, then Windows zeroing, then the workload). False when refused (logged).
 */
export function powerOn(w: World, vm: VmRuntime): boolean {
  if (vm.st.poweredOn) return true;
  const need = vm.st.reservationPages + vm.overheadPages;
  const available = unreservedPages(w);
  if (need > available) {
    w.log.add(
      vm.id,
      'hypervisor',
      'error',
      'admission-failed',
      `power-on refused by admission control: needs ${fmtMiB(need)} (reservation ${fmtMiB(vm.st.reservationPages)} + overhead ${fmtMiB(vm.overheadPages)}), only ${fmtMiB(Math.max(0, available))} unreserved`,
    );
    return false;
  }
  for (let i = 0; i < vm.overheadPages; i++) {
    let m = w.machine.alloc(M_OVERHEAD, vm.index);
    if (m < 0 && w.hv.emergencyReclaim()) m = w.machine.alloc(M_OVERHEAD, vm.index);
    if (m < 0) {
      freeAll(w, vm.overheadStack);
      w.log.add(
        vm.id,
        'hypervisor',
        'error',
        'admission-failed',
        `power-on failed: no free machine memory for ${fmtMiB(vm.overheadPages)} of overhead`,
      );
      return false;
    }
    vm.overheadStack.push(m);
  }
  const st = vm.st;
  vm.ensurePages();
  const hyperv = balloonModelFor(vm.spec.balloonModel, w.scenario.policy.kind) === 'hyperv';
  if (hyperv) bootWithStartupRam(vm, vm.spec.startupMiB);
  else st.hotAddCursor = vm.memoryPages;
  st.poweredOn = true;
  st.kernelCursor = 0;
  // Windows zeroes its memory at boot and Xen populates a domain when it builds it: both sweep from past the kernel.
  st.zeroCursor =
    vm.guestOs === 'windows' || w.scenario.policy.kind === 'xen' ? vm.kernelPages : vm.memoryPages;
  st.guestSwapped = 0;
  st.guestSwappedHot = 0;
  st.fileReadPages = 0;
  st.appDownUntilTick = -1;
  st.allocTarget = vm.limitPages;
  st.balloonTarget = 0;
  st.swapTarget = 0;
  st.carry = new Array<number>(CARRY_COUNT).fill(0);
  st.scanOrdinal = 0;
  st.scanOffset = 0;
  st.scanStride = drawScanStride(w.hv, vm);
  st.monitor = newMonitorState();
  st.balloon = newDriverState();
  st.workloadStartTick = w.sc.tick;
  st.stallMs = 0;
  st.perfIndex = 1;
  st.progress = 1;
  st.blocked = false;
  w.log.add(
    vm.id,
    'hypervisor',
    'info',
    'power-on',
    `powered on: ${vm.memoryMiB} MiB ${vm.guestOs}${hyperv && st.hotAddCursor < vm.memoryPages ? ` (startup RAM ${fmtMiB(st.hotAddCursor)}, the rest hot-added on demand)` : ''}, reservation ${fmtMiB(st.reservationPages)}, overhead ${fmtMiB(vm.overheadPages)}, balloon driver ${st.driver}` +
      (st.driver === 'absent' ? ' (none: the host must compress or swap instead)' : ''),
  );
  return true;
}

/** Powers a VM off: every machine page it held (private, zip, overhead, shared references) is freed. */
export function powerOff(w: World, vm: VmRuntime): void {
  if (!vm.st.poweredOn) return;
  const pages = vm.pages!;
  const shared = pages.hvTotals[HV_SHARED]!;
  if (shared > 0) {
    // Salted OS frames belong to this VM alone and go with its frame stack below.
    const perPage = w.hv.config.scope === 'host';
    const bytes = pages.bytes;
    for (let p = 0; p < pages.pages; p++) {
      const b = bytes[p]!;
      if (hvOf(b) === HV_SHARED && (perPage || contentOf(b) === CONTENT_ZERO)) releaseShare(w.hv, vm, p, b);
    }
  }
  const balloon = pages.classTotals[CLASS_BALLOON]!;
  freeAll(w, vm.privatePages);
  freeAll(w, vm.zipPages);
  freeAll(w, vm.overheadStack);
  freeAll(w, vm.framePages);
  vm.pages = null;
  vm.large = null;
  // Emptied in place, not replaced by Array#map (holey once optimized): these lists are read every tick.
  for (let c = 0; c < vm.nonResident.length; c++) vm.nonResident[c] = new PageList();
  for (let c = 0; c < vm.sharedZero.length; c++) vm.sharedZero[c] = new PageList();
  const st = vm.st;
  st.poweredOn = false;
  st.largeRegions = 0;
  st.guestSwapped = 0;
  st.guestSwappedHot = 0;
  st.appDownUntilTick = -1;
  st.allocTarget = 0;
  st.balloonTarget = 0;
  st.swapTarget = 0;
  st.demandPages = 0;
  st.activePages = 0;
  st.perfIndex = 0;
  st.stallMs = 0;
  st.blocked = false;
  vm.stats.fill(0);
  w.log.add(
    vm.id,
    'hypervisor',
    'info',
    'power-off',
    `powered off: all memory returned to the host (balloon was ${fmtMiB(balloon)})`,
  );
}
