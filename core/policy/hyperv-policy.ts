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
import { clamp, isPeriodTick, weightedFill } from './policy-math';
import { mibToPages, pagesToMiB } from '../model/units';

/** Targets closer than this to the last one sent are not resent (1 MiB or 1 % of the VM), to keep the logs readable. */
export function targetDeadbandPages(vm: PolicyVmView): number {
  return Math.max(256, Math.round(vm.memoryPages / 100));
}

/**
 * Hyper-V's view of one VM: minimum memory = max(reservation, `hyperv.minimumMiB`) (and what
 * the balloon cap leaves), maximum memory = the limit or the configured size, memory demand =
 * committed memory (what the guest uses minus its page cache, plus what it has paged out:
 * Windows' commit charge excludes the standby list and includes page-file-backed pages) and the wanted size = demand x (1 + buffer / 100), clamped to
 * [minimum, maximum] (Microsoft Learn, Set-VMMemory -Buffer: "percentage of memory to reserve
 * as a buffer", 5..2000, default 20; Hyper-V Dynamic Memory overview).
 */
export function hypervWanted(
  vm: PolicyVmView,
  hyperv: PolicySpec['hyperv'],
): { minimum: number; maximum: number; wanted: number } {
  const maximum = vm.limitPages;
  const minimum = Math.min(
    maximum,
    Math.max(vm.reservationPages, mibToPages(hyperv.minimumMiB), vm.memoryPages - vm.balloonMaxPages),
  );
  const committed = Math.max(0, vm.guestUsedPages - vm.guestCachePages + vm.guestSwappedPages);
  const wanted = clamp(Math.ceil(committed * (1 + hyperv.bufferPct / 100)), minimum, maximum);
  return { minimum, maximum, wanted };
}

const stateSchema = z.strictObject({
  sent: z.array(z.tuple([z.string(), z.number().int().min(0)])),
  short: z.array(z.string()),
});

/**
 * `hyperv`: Hyper-V Dynamic Memory (docs/model.md#hyperv). Every simulated second each VM's
 * target is its wanted size ({@link hypervWanted}); the balloon holds the rest of its configured
 * memory (memory is removed by the Dynamic Memory VSC balloon). When the host cannot give every
 * VM its wanted size, the memory there is (available minus minFree as the host reserve, minus
 * VMs without the integration services, whose memory stays as it is) goes by memory weight:
 * weighted water-filling with the memory weights (0..10000, default 5000) as weights, never below a VM's minimum ("Memory
 * weight ... how to distribute memory among virtual machines if there is not enough physical
 * memory available", Hyper-V Dynamic Memory overview). No hypervisor paging: swap target 0.
 */
export function createHypervPolicy(spec: PolicySpec): MemoryPolicy {
  let sent = new Map<string, number>();
  let short = new Set<string>();

  return {
    kind: 'hyperv',
    decide(host: PolicyHostView, vms: readonly PolicyVmView[]): PolicyDecision | null {
      if (!isPeriodTick(host.tick, 1, host.tickMs)) return null;
      const ids = new Set(vms.map((vm) => vm.id));
      for (const id of [...sent.keys()]) if (!ids.has(id)) sent.delete(id);

      const dynamic = vms.filter((vm) => vm.driver !== 'absent');
      const fixedPages = vms
        .filter((vm) => vm.driver === 'absent')
        .reduce((s, vm) => s + vm.memoryPages - vm.balloonPages, 0);
      const pool = Math.max(0, host.availablePages - host.minFreePages - fixedPages);
      const views = dynamic.map((vm) => hypervWanted(vm, spec.hyperv));
      const wantedSum = views.reduce((s, v) => s + v.wanted, 0);
      const assigned =
        wantedSum <= pool
          ? views.map((v) => v.wanted)
          : weightedFill(
              pool,
              dynamic.map((vm, i) => ({
                floor: views[i]!.minimum,
                cap: views[i]!.wanted,
                weight: vm.memoryWeight,
              })),
            );

      const targets = new Map<string, VmTargets>();
      const notes: PolicyNote[] = [];
      const nowShort = new Set<string>();
      dynamic.forEach((vm, i) => {
        const target = assigned[i]!;
        const wanted = views[i]!.wanted;
        if (target < wanted) nowShort.add(vm.id);
        if (target < wanted && !short.has(vm.id)) {
          notes.push({
            vm: vm.id,
            event: 'hyperv-short',
            message: `Dynamic Memory: host short, assigned ${pagesToMiB(target).toFixed(1)} MiB of ${pagesToMiB(wanted).toFixed(1)} MiB wanted (memory weight ${vm.memoryWeight})`,
          });
        } else if (target >= wanted && short.has(vm.id)) {
          notes.push({
            vm: vm.id,
            event: 'hyperv-satisfied',
            message: `Dynamic Memory: wanted ${pagesToMiB(wanted).toFixed(1)} MiB assigned in full`,
          });
        }
        const last = sent.get(vm.id);
        if (last !== undefined && Math.abs(last - target) < targetDeadbandPages(vm)) return;
        sent.set(vm.id, target);
        targets.set(vm.id, {
          allocTargetPages: target,
          balloonTargetPages: vm.memoryPages - target,
          swapTargetPages: 0,
        });
      });
      short = nowShort;
      return targets.size > 0 || notes.length > 0 ? { targets, notes } : null;
    },
    saveState: () => ({
      sent: [...sent.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      short: [...short].sort(),
    }),
    restoreState(state: unknown) {
      const s = stateSchema.parse(state);
      sent = new Map(s.sent);
      short = new Set(s.short);
    },
  };
}
