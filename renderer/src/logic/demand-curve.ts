import type { WorkloadSpec } from '../../../core/scenario/workload-schema';
import { createWorkload } from '../../../core/workload/create-workload';
import { pagesPerMiB } from '../../../core/model/units';

export interface DemandCurve {
  timeS: number[];
  demandMiB: number[];
  activeMiB: number[];
  /** True when the curve is one possible realisation (the engine seeds bursts from its own PRNG). */
  illustrative: boolean;
}

/**
 * Demand and active memory of a workload over a run, sampled at `points` instants, for the
 * editor's preview. It asks the engine's own workload functions (core/workload), so the
 * preview is what the engine will see, bursty gaps aside.
 */
export function demandCurve(w: WorkloadSpec, durationS: number, points: number, seed: number): DemandCurve {
  const n = Math.max(2, Math.floor(points));
  const workload = createWorkload(w, seed >>> 0);
  const timeS: number[] = [];
  const demandMiB: number[] = [];
  const activeMiB: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (durationS * i) / (n - 1);
    const s = workload.at(t);
    timeS.push(t);
    demandMiB.push(s.demandPages / pagesPerMiB);
    activeMiB.push(s.activePages / pagesPerMiB);
  }
  return { timeS, demandMiB, activeMiB, illustrative: w.kind === 'bursty' };
}
