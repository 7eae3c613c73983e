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
import { isPeriodTick, tighterState, weightedFill } from './policy-math';
import { pagesToMiB } from '../model/units';
import { hostStates, type HostState } from '../model/counters';

/** Pages a VM holds outside its balloon: resident, compressed or swapped (what it would use if nothing were reclaimed). */
export function heldPages(vm: PolicyVmView): number {
  return vm.consumedPages + vm.swappedPages + vm.compressedPages;
}

/**
 * Allocation targets by shares alone: min-funding revocation with no idle tax (tau = 0,
 * Waldspurger 2002 §5.1), so every VM under pressure ends at the same shares-per-page ratio,
 * i.e. pages in proportion to shares, bounded by [reservation, limit] (§6, vSphere resource
 * management: reservation, limit, shares). The pool is what the VMs hold now plus the free
 * memory above minFree, in machine memory (CONSUMED: a shared page counts for its part of a frame).
 * A VM first gets up to what it holds; memory left over is spread by shares up to the limits so
 * VMs may grow.
 */
export function shareTargets(host: PolicyHostView, vms: readonly PolicyVmView[]): number[] {
  const residentPages = vms.reduce((s, vm) => s + vm.consumedPages, 0);
  const pool = Math.max(0, residentPages + host.freePages - host.minFreePages);
  const wants = vms.map((vm) => Math.min(vm.limitPages, Math.max(vm.reservationPages, heldPages(vm))));
  const first = weightedFill(
    pool,
    vms.map((vm, i) => ({
      floor: Math.min(vm.reservationPages, wants[i]!),
      cap: wants[i]!,
      weight: vm.shares,
    })),
  );
  const spare = pool - first.reduce((s, v) => s + v, 0);
  if (spare <= 0) return first;
  const extra = weightedFill(
    spare,
    vms.map((vm, i) => ({ floor: 0, cap: Math.max(0, vm.limitPages - first[i]!), weight: vm.shares })),
  );
  return first.map((v, i) => v + extra[i]!);
}

const stateSchema = z.strictObject({
  seen: z.array(z.string()),
  swapping: z.array(z.string()),
  // Absent in state saved before the esx cadence (reallocate early only when tighter) applied here too.
  balancedState: z.enum(hostStates).nullable().default(null),
});

/**
 * `static`: the baseline without ballooning (docs/model.md#static: no ballooning, swap only).
 * Allocation targets come from shares with no idle tax ({@link shareTargets}); the balloon target
 * is always 0 and everything a VM holds above its target is left to hypervisor swapping
 * (swap target = held - allocation target, as ESX's SWTGT when MCTLTGT is 0; Waldspurger 2002
 * §3.1). Rebalanced every Mem.BalancePeriod and when the host gets tighter than at the last
 * rebalance (the esx policy's cadence, kept so the comparison differs only in the technique).
 */
export function createStaticPolicy(spec: PolicySpec): MemoryPolicy {
  let seen = new Set<string>();
  let swapping = new Set<string>();
  let balancedState: HostState | null = null;
  return {
    kind: 'static',
    decide(host: PolicyHostView, vms: readonly PolicyVmView[]): PolicyDecision | null {
      // A VM that just powered on gets targets at once rather than waiting for the next balance period.
      const newcomer = vms.some((vm) => !seen.has(vm.id));
      // As esx: a state change reallocates before the period only when the host is tighter than at the last one.
      const tighter = host.stateChanged && tighterState(host.state, balancedState);
      if (!newcomer && !tighter && !isPeriodTick(host.tick, spec.balancePeriodS, host.tickMs)) return null;
      balancedState = host.state;
      seen = new Set(vms.map((vm) => vm.id));
      const allocations = shareTargets(host, vms);
      const targets = new Map<string, VmTargets>();
      const notes: PolicyNote[] = [];
      const nowSwapping = new Set<string>();
      vms.forEach((vm, i) => {
        const allocTargetPages = allocations[i]!;
        const swapTargetPages = Math.max(0, heldPages(vm) - allocTargetPages);
        targets.set(vm.id, { allocTargetPages, balloonTargetPages: 0, swapTargetPages });
        const reclaiming = vm.consumedPages > allocTargetPages;
        if (reclaiming) nowSwapping.add(vm.id);
        if (reclaiming && !swapping.has(vm.id)) {
          notes.push({
            vm: vm.id,
            event: 'static-swap',
            message: `static policy: no balloon, swapping ${pagesToMiB(swapTargetPages).toFixed(1)} MiB held above the share-based target of ${pagesToMiB(allocTargetPages).toFixed(1)} MiB`,
          });
        } else if (!reclaiming && swapping.has(vm.id)) {
          notes.push({
            vm: vm.id,
            event: 'static-swap-end',
            message: 'static policy: VM within its share-based target, swapping stops',
          });
        }
      });
      swapping = nowSwapping;
      return { targets, notes };
    },
    saveState: () => ({ seen: [...seen].sort(), swapping: [...swapping].sort(), balancedState }),
    restoreState(state: unknown) {
      const s = stateSchema.parse(state);
      seen = new Set(s.seen);
      swapping = new Set(s.swapping);
      balancedState = s.balancedState;
    },
  };
}
