import { scenarioBoundIssues } from './scenario-bounds';
import type { Scenario } from './scenario-schema';

/** A rejection of one field, named by its path (`vms[2].reservationMiB`). */
export interface ScenarioIssue {
  path: string;
  message: string;
}

/** Per-VM overhead memory in MiB when the scenario leaves it to the default. */
export function defaultOverheadMiB(memoryMiB: number): number {
  return 25 + memoryMiB / 128;
}

/** Checks across fields that a per-field schema cannot express. */
export function crossFieldIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = scenarioBoundIssues(s);
  const usableMiB = s.host.memoryMiB - s.host.hypervisorMiB;
  if (usableMiB <= 0) {
    issues.push({
      path: 'host.hypervisorMiB',
      message: `must be below host.memoryMiB (${s.host.memoryMiB} MiB)`,
    });
  }
  if (s.durationS * 1000 < s.tickMs) {
    issues.push({ path: 'durationS', message: 'must be at least one tick long' });
  }
  const ids = new Map<string, number>();
  s.vms.forEach((vm, i) => {
    const at = `vms[${i}]`;
    const prior = ids.get(vm.id);
    if (prior !== undefined)
      issues.push({ path: `${at}.id`, message: `duplicate id "${vm.id}" (also vms[${prior}])` });
    ids.set(vm.id, i);
    if (vm.reservationMiB > vm.memoryMiB) {
      issues.push({
        path: `${at}.reservationMiB`,
        message: `${vm.reservationMiB} MiB is above the VM's memoryMiB (${vm.memoryMiB} MiB)`,
      });
    }
    if (vm.startupMiB !== null && vm.startupMiB > vm.memoryMiB) {
      issues.push({
        path: `${at}.startupMiB`,
        message: `${vm.startupMiB} MiB is above the VM's memoryMiB (${vm.memoryMiB} MiB), its maximum RAM`,
      });
    }
    if (vm.limitMiB !== null && vm.limitMiB < vm.reservationMiB) {
      issues.push({
        path: `${at}.limitMiB`,
        message: `${vm.limitMiB} MiB is below the reservation (${vm.reservationMiB} MiB)`,
      });
    }
    const overheadMiB = vm.overheadMiB ?? defaultOverheadMiB(vm.memoryMiB);
    if (usableMiB > 0 && vm.memoryMiB + overheadMiB > usableMiB) {
      issues.push({
        path: `${at}.memoryMiB`,
        message: `${vm.memoryMiB} MiB plus ${overheadMiB.toFixed(0)} MiB overhead is more than the host can ever hold (${usableMiB} MiB)`,
      });
    }
  });
  s.events.forEach((e, i) => {
    const at = `events[${i}]`;
    const vmIndex = ids.get(e.vm);
    if (vmIndex === undefined) {
      issues.push({ path: `${at}.vm`, message: `no VM with id "${e.vm}"` });
      return;
    }
    if (e.atS > s.durationS)
      issues.push({
        path: `${at}.atS`,
        message: `${e.atS} s is after the end of the run (${s.durationS} s)`,
      });
    const vm = s.vms[vmIndex]!;
    const r = e.set?.reservationMiB;
    if (r !== undefined && r > vm.memoryMiB) {
      issues.push({
        path: `${at}.set.reservationMiB`,
        message: `${r} MiB is above the VM's memoryMiB (${vm.memoryMiB} MiB)`,
      });
    }
  });
  return issues;
}
