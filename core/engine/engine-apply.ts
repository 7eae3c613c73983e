import { describeWorkload } from '../workload/describe-workload';
import { pagesToMiB, mibToPages, fmtMiB } from '../model/units';
import { interventionSchema, type Intervention } from '../scenario/event-schema';
import { formatPath } from '../scenario/parse-scenario';
import { releaseBalloon } from './balloon-driver';
import { powerOff, powerOn, unreservedPages } from './engine-power';
import type { World } from './engine-world';
import type { VmRuntime } from './vm-runtime';

/** An intervention the engine cannot apply (unknown VM, impossible value, malformed input). */
export class InterventionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterventionError';
  }
}

/** Validates an intervention's shape and values against the scenario; throws InterventionError. */
export function checkIntervention(w: World, input: unknown): Intervention {
  const parsed = interventionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InterventionError(`invalid intervention: ${formatPath(issue.path)}: ${issue.message}`);
  }
  const i = parsed.data;
  const vm = w.byId.get(i.vm);
  if (!vm)
    throw new InterventionError(`unknown VM "${i.vm}" (VMs: ${w.vms.map((v) => v.id).join(', ') || 'none'})`);
  const r = i.set?.reservationMiB;
  if (r !== undefined && r > vm.memoryMiB) {
    throw new InterventionError(
      `reservationMiB ${r} is above the VM's memoryMiB (${vm.memoryMiB}) for VM "${vm.id}"`,
    );
  }
  const reservationPages = r !== undefined ? mibToPages(r) : vm.st.reservationPages;
  const limit = i.set?.limitMiB;
  const limitPages = limit === undefined ? vm.st.limitPages : limit === null ? null : mibToPages(limit);
  if (limitPages !== null && limitPages < reservationPages) {
    throw new InterventionError(
      `limitMiB ${pagesToMiB(limitPages)} is below the reservation (${pagesToMiB(reservationPages)} MiB) for VM "${vm.id}"`,
    );
  }
  return i;
}

function setReservation(w: World, vm: VmRuntime, pages: number): void {
  if (vm.st.poweredOn && pages > vm.st.reservationPages) {
    const available = unreservedPages(w, vm) - vm.overheadPages;
    if (pages > available) {
      w.log.add(
        vm.id,
        'hypervisor',
        'warn',
        'admission-failed',
        `reservation ${fmtMiB(pages)} refused by admission control: only ${fmtMiB(Math.max(0, available))} unreserved; keeping ${fmtMiB(vm.st.reservationPages)}`,
      );
      return;
    }
  }
  vm.st.reservationPages = pages;
  w.log.add(vm.id, 'hypervisor', 'info', 'reservation', `reservation set to ${fmtMiB(pages)}`);
}

/** Applies a validated intervention (scenario event or live change) at the current tick. */
export function applyIntervention(w: World, i: Intervention): void {
  const vm = w.byId.get(i.vm)!;
  const set = i.set;
  if (set) {
    if (set.reservationMiB !== undefined) setReservation(w, vm, mibToPages(set.reservationMiB));
    if (set.limitMiB !== undefined) {
      vm.setLimit(set.limitMiB === null ? null : mibToPages(set.limitMiB));
      w.log.add(
        vm.id,
        'hypervisor',
        'info',
        'limit',
        set.limitMiB === null ? 'limit removed' : `limit set to ${fmtMiB(vm.st.limitPages!)}`,
      );
    }
    if (set.shares !== undefined) {
      vm.st.shares = set.shares;
      w.log.add(
        vm.id,
        'hypervisor',
        'info',
        'shares',
        `shares set to ${String(set.shares)} (${vm.sharesValue} shares)`,
      );
    }
    if (set.balloonDriver !== undefined && set.balloonDriver !== vm.st.driver) {
      const before = vm.st.driver;
      vm.st.driver = set.balloonDriver;
      // Without a driver nothing holds the balloon: its pages go back to the guest.
      const released = set.balloonDriver === 'absent' ? releaseBalloon(w.hv, vm) : 0;
      w.log.add(
        vm.id,
        'driver',
        set.balloonDriver === 'ok' ? 'info' : 'warn',
        'driver',
        `balloon driver ${before} -> ${set.balloonDriver}` +
          (released > 0 ? `; balloon of ${fmtMiB(released)} released` : ''),
      );
    }
    if (set.workload !== undefined) {
      vm.setWorkload(set.workload, w.rng.deriveSeed(), w.sc.tick);
      w.log.add(vm.id, 'hypervisor', 'info', 'workload', `workload set to ${describeWorkload(set.workload)}`);
    }
  }
  if (i.power === 'on') powerOn(w, vm);
  else if (i.power === 'off') powerOff(w, vm);
}
