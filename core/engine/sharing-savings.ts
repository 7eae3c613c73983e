import { HV_SHARED } from '../memory/page-codes';
import { M_SHARED } from '../memory/machine-memory';
import type { MachineMemory } from '../memory/machine-memory';
import type { VmRuntime } from './vm-runtime';

/** What the savings are computed from: the VMs and the machine pages (a World or the Hypervisor). */
interface SharingHost {
  readonly vms: readonly VmRuntime[];
  readonly machine: MachineMemory;
}

/** Guest pages shared across the host and the machine frames backing them. */
export function sharingTotals(w: SharingHost): { shared: number; frames: number } {
  let shared = 0;
  for (const vm of w.vms) if (vm.pages) shared += vm.pages.hvTotals[HV_SHARED]!;
  return { shared, frames: w.machine.count(M_SHARED) };
}

/**
 * The part of each shared guest page the host saves, 0..1: (shared − frames) / shared, the
 * proportional split esxtop uses for a VM's SHRDSVD.
 */
export function savedPerSharedPage(w: SharingHost): number {
  const s = sharingTotals(w);
  return s.shared > 0 ? (s.shared - s.frames) / s.shared : 0;
}

/**
 * Machine memory a VM costs, in pages (may be fractional): GRANT − SHRDSVD, esxtop's CONSUMED.
 * Summed over the VMs it is exactly the private pages plus the frames behind shared ones.
 */
export function machineConsumedPages(vm: VmRuntime, savedPerShared: number): number {
  const p = vm.pages;
  return p ? vm.grantPages - p.hvTotals[HV_SHARED]! * savedPerShared : 0;
}

/**
 * What the engine compares with a VM's allocation target (SZTGT): machine memory (CONSUMED)
 * when `machineUnits`, which is every policy but kvm-mom, whose targets are in resident guest
 * pages (a process's RSS counts KSM-merged pages in full).
 */
export function chargedPages(vm: VmRuntime, machineUnits: boolean, savedPerShared: number): number {
  return machineUnits ? machineConsumedPages(vm, savedPerShared) : vm.grantPages;
}
