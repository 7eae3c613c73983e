import { zeroUntouched } from '../guest/guest-fill';
import { CLASS_BALLOON } from '../memory/page-codes';
import { windowsZeroPagesPerS } from '../guest/guest-defaults';
import type { World } from './engine-world';
import type { VmRuntime } from './vm-runtime';

/**
 * Xen populates a domain's memory when it builds the domain, not when the guest first touches
 * it: every page the guest may use (all but what its balloon holds) is backed by a machine page
 * from the start. The lab backs a powered-on domain's untouched pages as fast as a boot-time
 * sweep (2 GiB/s), up to its target, and never below the host's minFree (a domain that does not
 * fit is squeezed, not swapped). Uses the VM's boot sweep cursor, as Windows' zeroing does.
 */
export function populateDomain(w: World, vm: VmRuntime): void {
  const st = vm.st;
  if (st.zeroCursor >= vm.memoryPages || st.kernelCursor < vm.kernelPages) return;
  const pages = vm.pages!;
  const wanted = st.allocTarget - vm.grantPages;
  const hostRoom = w.machine.freePages - w.minFreePages;
  const budget = Math.min(Math.floor(windowsZeroPagesPerS * w.dtS), wanted, hostRoom);
  if (budget <= 0 || pages.classTotals[CLASS_BALLOON]! + vm.grantPages >= vm.memoryPages) return;
  const before = vm.grantPages;
  let p = st.zeroCursor;
  while (p < vm.memoryPages && vm.grantPages - before < budget) {
    const next = zeroUntouched(
      w.hv,
      vm,
      p,
      Math.min(vm.memoryPages, p + (budget - (vm.grantPages - before))),
    );
    if (next === p) break;
    p = next;
  }
  st.zeroCursor = p;
}
