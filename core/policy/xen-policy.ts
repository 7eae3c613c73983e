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
import { apportion, isPeriodTick, ticksPerPeriod } from './policy-math';
import { mibToPages, pagesToMiB } from '../model/units';
import { targetDeadbandPages } from './hyperv-policy';

export type XenDomainStatus = 'active' | 'inactive' | 'uncooperative' | 'no-balloon';

const domainSchema = z.strictObject({
  target: z.number().int().min(0).nullable(),
  behindSinceTick: z.number().int().nullable(),
  status: z.enum(['active', 'inactive', 'uncooperative', 'no-balloon']),
});
type DomainState = z.infer<typeof domainSchema>;
const stateSchema = z.strictObject({ domains: z.array(z.tuple([z.string(), domainSchema])) });

/** A domain has reached its target when within this many pages (squeezed: "to within 1 page"; 1 MiB here because the engine balloons in page batches). */
export const xenTargetTolerancePages = 256;

/** dynamic-min / dynamic-max of a domain: [max(reservation, xen.minimumMiB, what the balloon cap leaves), limit or size]. */
export function xenRange(vm: PolicyVmView, xen: PolicySpec['xen']): { min: number; max: number } {
  const max = vm.limitPages;
  const min = Math.min(
    max,
    Math.max(vm.reservationPages, mibToPages(xen.minimumMiB), vm.memoryPages - vm.balloonMaxPages),
  );
  return { min, max };
}

/**
 * Ideal targets of the squeezed proportional policy: every domain at the same fraction
 * x = (target - dynamic-min) / (dynamic-max - dynamic-min), the total fitted to `budgetPages`
 * (the Xen squeezed design doc, "Ballooning policy" and "Example operation": target =
 * dynamic-min + g). Whole pages by largest remainder.
 */
export function xenIdealTargets(
  ranges: ReadonlyArray<{ min: number; max: number }>,
  budgetPages: number,
): number[] {
  const minSum = ranges.reduce((s, r) => s + r.min, 0);
  const spans = ranges.map((r) => r.max - r.min);
  const spanSum = spans.reduce((s, v) => s + v, 0);
  const extra = Math.min(spanSum, Math.max(0, Math.floor(budgetPages - minSum)));
  const shares = apportion(extra, spans);
  return ranges.map((r, i) => r.min + shares[i]!);
}

/**
 * `xen`: Xen squeezed (docs/model.md#xen; xapi-project squeezed design doc). Squeezed's
 * main loop is modelled once per simulated second. Xen populates every page a domain is given,
 * so host memory in squeezed's sense is available - sum(domain sizes), whatever the engine has
 * backed; squeezed keeps a slush fund (`slushMiB`, 9 MiB) free. Active domains share what is left
 * at one common fraction of their [dynamic-min, dynamic-max] range. Two-phase target setting:
 * decreases are set at once, increases only out of memory already freed (domains that still
 * hold more than their new target count at what they hold). A domain whose balloon made no
 * progress toward its target for `inactiveAfterS` (5 s) is inactive: its memory counts as fixed
 * and it gets no new targets until it moves again; after `uncooperativeAfterS` (20 s) it is
 * flagged uncooperative (memory/uncooperative) in its log. Domains without a balloon driver
 * (no feature-balloon) are never asked to balloon. Xen does not page guests: swap target 0.
 */
export function createXenPolicy(spec: PolicySpec): MemoryPolicy {
  let domains = new Map<string, DomainState>();

  return {
    kind: 'xen',
    decide(host: PolicyHostView, vms: readonly PolicyVmView[]): PolicyDecision | null {
      if (!isPeriodTick(host.tick, 1, host.tickMs)) return null;
      const notes: PolicyNote[] = [];
      const inactiveTicks = ticksPerPeriod(spec.xen.inactiveAfterS, host.tickMs);
      const uncooperativeTicks = ticksPerPeriod(spec.xen.uncooperativeAfterS, host.tickMs);
      const next = new Map<string, DomainState>();

      // Phase 0: classify every domain by the progress its balloon made.
      for (const vm of vms) {
        const prev = domains.get(vm.id) ?? { target: null, behindSinceTick: null, status: 'active' as const };
        const actual = vm.memoryPages - vm.balloonPages;
        let status: XenDomainStatus = 'active';
        let behindSinceTick: number | null = null;
        if (vm.driver === 'absent') status = 'no-balloon';
        else if (prev.target !== null && Math.abs(actual - prev.target) > xenTargetTolerancePages) {
          behindSinceTick = prev.behindSinceTick ?? host.tick;
          const stalled = host.tick - Math.max(behindSinceTick, vm.balloonProgressTick);
          status =
            stalled >= uncooperativeTicks
              ? 'uncooperative'
              : stalled >= inactiveTicks
                ? 'inactive'
                : 'active';
        }
        if (status !== prev.status) notes.push(statusNote(vm, status, actual, spec));
        next.set(vm.id, { target: prev.target, behindSinceTick, status });
      }
      domains = next;

      // Phase 1: ideal targets for the active domains, fitted to what the excluded ones leave.
      const active = vms.filter((vm) => domains.get(vm.id)!.status === 'active');
      const fixedPages = vms
        .filter((vm) => domains.get(vm.id)!.status !== 'active')
        .reduce((s, vm) => s + vm.memoryPages - vm.balloonPages, 0);
      const slushPages = mibToPages(spec.xen.slushMiB);
      const ideal = xenIdealTargets(
        active.map((vm) => xenRange(vm, spec.xen)),
        host.availablePages - slushPages - fixedPages,
      );

      // Phase 2: decreases now; increases only from memory that is already free.
      const targets = new Map<string, VmTargets>();
      const set = (vm: PolicyVmView, target: number) => {
        const d = domains.get(vm.id)!;
        // Decreases always go out (they keep the slush safe); small increases wait until they are worth a balloon operation.
        if (
          d.target !== null &&
          (target === d.target || (target > d.target && target - d.target < targetDeadbandPages(vm)))
        )
          return;
        d.target = target;
        // The 5 s to show progress start when the target is set.
        if (Math.abs(vm.memoryPages - vm.balloonPages - target) > xenTargetTolerancePages)
          d.behindSinceTick ??= host.tick;
        else d.behindSinceTick = null;
        targets.set(vm.id, {
          allocTargetPages: target,
          balloonTargetPages: vm.memoryPages - target,
          swapTargetPages: 0,
        });
      };
      let committed = fixedPages;
      const increases: Array<{ vm: PolicyVmView; from: number; want: number }> = [];
      active.forEach((vm, i) => {
        const actual = vm.memoryPages - vm.balloonPages;
        const from = domains.get(vm.id)!.target ?? actual;
        if (ideal[i]! <= from) {
          set(vm, ideal[i]!);
          committed += Math.max(actual, domains.get(vm.id)!.target ?? actual);
        } else {
          increases.push({ vm, from, want: ideal[i]! - from });
          committed += Math.max(actual, from);
        }
      });
      const headroom = Math.max(0, host.availablePages - slushPages - committed);
      const wantSum = increases.reduce((s, x) => s + x.want, 0);
      const grants =
        wantSum <= headroom
          ? increases.map((x) => x.want)
          : apportion(
              headroom,
              increases.map((x) => x.want),
            );
      increases.forEach((x, i) => {
        // A target is never below dynamic-min: a domain that holds less than its minimum waits
        // until enough memory is free to reach it, rather than being sent part of the way.
        if (grants[i]! > 0 && x.from + grants[i]! >= xenRange(x.vm, spec.xen).min)
          set(x.vm, x.from + grants[i]!);
      });
      return targets.size > 0 || notes.length > 0 ? { targets, notes } : null;
    },
    saveState: () => ({ domains: [...domains.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) }),
    restoreState(state: unknown) {
      domains = new Map(stateSchema.parse(state).domains);
    },
  };
}

function statusNote(
  vm: PolicyVmView,
  status: XenDomainStatus,
  actualPages: number,
  spec: PolicySpec,
): PolicyNote {
  const mib = pagesToMiB(actualPages).toFixed(1);
  switch (status) {
    case 'inactive':
      return {
        vm: vm.id,
        event: 'xen-inactive',
        message: `squeezed: balloon made no progress for ${spec.xen.inactiveAfterS} s: inactive, ${mib} MiB treated as fixed`,
      };
    case 'uncooperative':
      return {
        vm: vm.id,
        event: 'xen-uncooperative',
        message: `squeezed: inactive for ${spec.xen.uncooperativeAfterS} s: memory/uncooperative set, ${mib} MiB excluded from squeezing`,
      };
    case 'no-balloon':
      return {
        vm: vm.id,
        event: 'xen-no-balloon',
        message: `squeezed: no balloon driver (feature-balloon missing): ${mib} MiB fixed`,
      };
    case 'active':
      return {
        vm: vm.id,
        event: 'xen-active',
        message: 'squeezed: balloon moving toward its target again: active',
      };
  }
}
