import { z } from 'zod';
import type { PolicySpec } from '../scenario/policy-schema';
import type {
  MemoryPolicy,
  PolicyDecision,
  PolicyHostView,
  PolicyNote,
  PolicyVmView,
  VmTargets,
} from './policy-types';
import { apportion, isPeriodTick } from './policy-math';
import { pagesToMiB } from '../model/units';

/** oVirt MOM doc/balloon.rules `min_guest_free_percent`: free memory an unconstrained guest keeps. */
export const momMinGuestFreeFraction = 0.2;
/** balloon.rules: under critical pressure the guest's free target becomes host free - 5 %, i.e. negative. */
export const momCriticalOffsetFraction = 0.05;

type MomMode = 'grow' | 'shrink' | 'critical';

const stateSchema = z.strictObject({
  mode: z.enum(['grow', 'shrink', 'critical']),
  hostSwapping: z.boolean(),
  balloonTargets: z.array(z.tuple([z.string(), z.number().int().min(0)])),
});

/**
 * The guest size MOM asks for, in pages, or null to leave the target alone. A line-by-line port
 * of oVirt MOM doc/balloon.rules (shrink_guest / grow_guest, with `max` for balloon_min as in
 * the current rules): balloon_cur = memory - balloon, balloon_max = the limit (or configured
 * size), balloon_min (guaranteed memory) = the reservation, or what the balloon cap leaves.
 * The guest's used memory is balloon_cur - mem_unused from virtio-balloon stats.
 */
export function momGuestSize(
  vm: PolicyVmView,
  hostFreeFraction: number,
  mom: PolicySpec['mom'],
): number | null {
  const cur = vm.memoryPages - vm.balloonPages;
  const max = vm.limitPages;
  const guaranteed = Math.max(vm.reservationPages, vm.memoryPages - vm.balloonMaxPages);
  const used = Math.min(cur, vm.guestUsedPages);
  const pressure = mom.pressureFreePct / 100;
  const bigEnough = (size: number) => Math.abs(size - cur) > (mom.ignoreChangePct / 100) * cur;
  let size: number;
  if (hostFreeFraction < pressure) {
    const guestFree =
      hostFreeFraction <= mom.criticalFreePct / 100
        ? hostFreeFraction - momCriticalOffsetFraction
        : momMinGuestFreeFraction * (pressure > 0 ? hostFreeFraction / pressure : 0);
    const floor = Math.max(guaranteed, used + guestFree * cur);
    size = Math.max(cur * (1 - mom.shrinkPct / 100), floor);
    // A limit lowered below the current size is enforced even though MOM itself knows no limits.
    if (cur > max) size = Math.min(size, max);
    else if (size > cur) return null;
  } else {
    if (cur === max) return null;
    const floor = Math.max(guaranteed, used + momMinGuestFreeFraction * cur);
    size = Math.min(Math.max(cur * (1 + mom.growPct / 100), floor), max);
  }
  size = Math.round(Math.min(size, vm.memoryPages));
  return bigEnough(size) ? size : null;
}

/**
 * `kvm-mom`: KVM with oVirt's Memory Overcommitment Manager (docs/model.md#kvm-mom). The policy
 * engine runs every `mom.stepS` seconds (doc/mom-balloon.conf `policy-engine-interval: 10`):
 * host free = free / available memory (balloon.rules `mem_free / mem_available`); below
 * `pressureFreePct` every guest shrinks by at most `shrinkPct` per step toward used + a free
 * target scaled by host pressure, at or below `criticalFreePct` that free target turns negative
 * so the guest must swap; otherwise every ballooned guest grows by `growPct` toward its
 * maximum. Changes below `ignoreChangePct` of the guest's size are not made.
 * Not MOM but the host kernel: in the ESX hard/low states (free far below minFree, akin to the
 * kswapd watermarks) the host swaps guest memory, spread over VMs in proportion to their
 * resident pages, until free is back at minFree. This is the only reclaim for guests without a
 * virtio-balloon device.
 */
export function createKvmMomPolicy(spec: PolicySpec): MemoryPolicy {
  let mode: MomMode = 'grow';
  let hostSwapping = false;
  let balloonTargets = new Map<string, number>();

  return {
    kind: 'kvm-mom',
    decide(host: PolicyHostView, vms: readonly PolicyVmView[]): PolicyDecision | null {
      const momStep = isPeriodTick(host.tick, spec.mom.stepS, host.tickMs);
      const kernelReclaim = host.state === 'hard' || host.state === 'low';
      // A VM that just powered on gets targets at once (its balloon as it is) rather than at the next step.
      const newcomer = vms.some((vm) => !balloonTargets.has(vm.id));
      if (!momStep && !kernelReclaim && !hostSwapping && !newcomer) return null;

      const notes: PolicyNote[] = [];
      const ids = new Set(vms.map((vm) => vm.id));
      for (const id of [...balloonTargets.keys()]) if (!ids.has(id)) balloonTargets.delete(id);
      for (const vm of vms)
        if (!balloonTargets.has(vm.id))
          balloonTargets.set(vm.id, Math.min(vm.balloonPages, vm.balloonMaxPages));

      if (momStep) {
        // balloon.rules: host_free_percent = 100 * Host.mem_free / Host.mem_available, where MOM's
        // HostMemory collector reports the host's total memory (MemTotal) as mem_available.
        const hostFree = host.freePages / Math.max(1, host.totalPages);
        const next: MomMode =
          hostFree >= spec.mom.pressureFreePct / 100
            ? 'grow'
            : hostFree <= spec.mom.criticalFreePct / 100
              ? 'critical'
              : 'shrink';
        if (next !== mode) {
          const pct = (hostFree * 100).toFixed(1);
          const message =
            next === 'grow'
              ? `MOM: host free ${pct}% >= ${spec.mom.pressureFreePct}%: growing guests ${spec.mom.growPct}% per step`
              : next === 'shrink'
                ? `MOM: host free ${pct}% < ${spec.mom.pressureFreePct}%: shrinking guests up to ${spec.mom.shrinkPct}% per step`
                : `MOM: host free ${pct}% <= ${spec.mom.criticalFreePct}%: critical, ballooning guests past their free memory (guest swap)`;
          for (const vm of vms) notes.push({ vm: vm.id, event: `mom-${next}`, message });
          mode = next;
        }
        for (const vm of vms) {
          if (vm.driver === 'absent') continue;
          const size = momGuestSize(vm, hostFree, spec.mom);
          if (size !== null) balloonTargets.set(vm.id, Math.min(vm.balloonMaxPages, vm.memoryPages - size));
        }
      }

      const deficit = kernelReclaim ? Math.max(0, host.minFreePages - host.freePages) : 0;
      const shares = apportion(
        deficit,
        vms.map((vm) => vm.grantPages),
      );
      const targets = new Map<string, VmTargets>();
      vms.forEach((vm, i) => {
        const balloonTargetPages = balloonTargets.get(vm.id)!;
        const guestSize = vm.memoryPages - balloonTargetPages;
        const swapTargetPages = kernelReclaim ? vm.swappedPages + vm.compressedPages + shares[i]! : 0;
        const allocTargetPages = kernelReclaim
          ? Math.min(guestSize, vm.grantPages + vm.swappedPages + vm.compressedPages - swapTargetPages)
          : guestSize;
        targets.set(vm.id, {
          allocTargetPages: Math.max(0, allocTargetPages),
          balloonTargetPages,
          swapTargetPages,
        });
      });
      if (kernelReclaim !== hostSwapping) {
        const message = kernelReclaim
          ? `host kernel reclaim: free ${pagesToMiB(host.freePages).toFixed(1)} MiB in state ${host.state}, swapping guest memory`
          : 'host kernel reclaim stopped';
        for (const vm of vms)
          notes.push({ vm: vm.id, event: kernelReclaim ? 'host-swap' : 'host-swap-end', message });
        hostSwapping = kernelReclaim;
      }
      return { targets, notes };
    },
    saveState: () => ({
      mode,
      hostSwapping,
      balloonTargets: [...balloonTargets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    }),
    restoreState(state: unknown) {
      const s = stateSchema.parse(state);
      mode = s.mode;
      hostSwapping = s.hostSwapping;
      balloonTargets = new Map(s.balloonTargets);
    },
  };
}
