import type { Intervention } from './event-schema';
import type { ScenarioIssue } from './scenario-checks';
import { maxOvercommitRatio, maxRunTicks, maxWorkloadPoints } from './scenario-limits';
import type { Scenario } from './scenario-schema';
import type { WorkloadSpec } from './workload-schema';

/** Ticks of a run of `durationS` at `tickMs` (a last partial tick counts). */
export function runTicksOf(durationS: number, tickMs: number): number {
  return Math.ceil((durationS * 1000) / tickMs);
}

/** Trace samples plus phases of one workload: the entries the engine and a session file hold for it. */
export function workloadPointsOf(workload: WorkloadSpec | undefined): number {
  if (workload === undefined) return 0;
  if (workload.kind === 'trace') return workload.samples.length;
  if (workload.kind === 'phases') return workload.phases.length;
  return 0;
}

/** Every workload of a scenario with its field path: the VMs' first, then the events'. */
export function workloadsOf(s: Scenario): { path: string; workload: WorkloadSpec }[] {
  const out: { path: string; workload: WorkloadSpec }[] = [];
  s.vms.forEach((vm, i) => out.push({ path: `vms[${i}].workload`, workload: vm.workload }));
  s.events.forEach((e, i) => {
    if (e.set?.workload !== undefined)
      out.push({ path: `events[${i}].set.workload`, workload: e.set.workload });
  });
  return out;
}

/** Trace samples and phases of every workload of a scenario. */
export function scenarioWorkloadPoints(s: Scenario): number {
  return workloadsOf(s).reduce((n, w) => n + workloadPointsOf(w.workload), 0);
}

/**
 * Bursts and the gaps between them shorter than a tick would make a bursty workload draw
 * burst after burst without time advancing: both must last at least one tick.
 */
export function workloadTickIssues(path: string, workload: WorkloadSpec, tickMs: number): ScenarioIssue[] {
  if (workload.kind !== 'bursty') return [];
  const tickS = tickMs / 1000;
  const issues: ScenarioIssue[] = [];
  for (const field of ['burstS', 'meanGapS'] as const) {
    if (workload[field] < tickS)
      issues.push({
        path: `${path}.${field}`,
        message: `${workload[field]} s is shorter than one tick (tickMs ${tickMs} = ${tickS} s); it must be at least ${tickS} s`,
      });
  }
  return issues;
}

/** workloadTickIssues of a live intervention's workload, if it has one. */
export function interventionTickIssues(path: string, i: Intervention, tickMs: number): ScenarioIssue[] {
  return i.set?.workload === undefined
    ? []
    : workloadTickIssues(`${path}.set.workload`, i.set.workload, tickMs);
}

/**
 * Bounds that span fields: the run's ticks, the VMs' memory together, bursty timing against
 * the tick, and the trace samples and phases of all workloads together. Each issue names the
 * field and the bound (scenario-limits.ts says why each bound is what it is).
 */
export function scenarioBoundIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const ticks = runTicksOf(s.durationS, s.tickMs);
  if (ticks > maxRunTicks) {
    const longestS = Math.floor((maxRunTicks * s.tickMs) / 1000);
    issues.push({
      path: 'durationS',
      message: `${s.durationS} s at tickMs ${s.tickMs} is ${ticks} ticks, more than the ${maxRunTicks} a run may have; at this tickMs a run may last at most ${longestS} s (or use a longer tickMs)`,
    });
  }
  const totalMiB = s.vms.reduce((sum, vm) => sum + vm.memoryMiB, 0);
  const maxTotalMiB = maxOvercommitRatio * s.host.memoryMiB;
  if (totalMiB > maxTotalMiB) {
    issues.push({
      path: 'vms',
      message: `the VMs are configured with ${totalMiB} MiB together, more than ${maxOvercommitRatio}x the host's memoryMiB (${maxTotalMiB} MiB)`,
    });
  }
  // The page-sharing scan covers scanTimeMin's share of a VM each tick: at most all of it.
  const scanTimeMin = s.policy.pageSharing.scanTimeMin;
  if (scanTimeMin * 60_000 < s.tickMs) {
    issues.push({
      path: 'policy.pageSharing.scanTimeMin',
      message: `${scanTimeMin} min is shorter than one tick (tickMs ${s.tickMs}); a scan of a VM must take at least ${s.tickMs / 60_000} min`,
    });
  }
  let points = 0;
  let reported = false;
  for (const { path, workload } of workloadsOf(s)) {
    issues.push(...workloadTickIssues(path, workload, s.tickMs));
    points += workloadPointsOf(workload);
    if (points > maxWorkloadPoints && !reported) {
      reported = true;
      issues.push({
        path: `${path}.${workload.kind === 'trace' ? 'samples' : 'phases'}`,
        message: `brings the trace samples and phases of all workloads to more than the ${maxWorkloadPoints} a scenario may hold`,
      });
    }
  }
  return issues;
}
