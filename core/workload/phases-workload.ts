import type { z } from 'zod';
import type { phasesWorkloadSchema } from '../scenario/workload-schema';
import { contentMixOf } from './content-mix';
import { mibToPages } from '../model/units';
import { activeOf } from './constant-workload';
import type { Workload } from './workload-types';

/** `phases`: piecewise-constant demand; after the last phase it repeats or holds the last one. */
export function phasesWorkload(spec: z.infer<typeof phasesWorkloadSchema>): Workload {
  const ends: number[] = [];
  let total = 0;
  for (const p of spec.phases) ends.push((total += p.durationS));
  const samples = spec.phases.map((p) => {
    const demandPages = mibToPages(p.demandMiB);
    return { demandPages, activePages: activeOf(demandPages, p.activePct) };
  });
  return {
    kind: 'phases',
    mix: contentMixOf(spec),
    at(timeS) {
      let t = Math.max(0, timeS);
      if (t >= total) {
        if (!spec.repeat) return samples[samples.length - 1]!;
        t %= total;
      }
      let lo = 0;
      let hi = ends.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t < ends[mid]!) hi = mid;
        else lo = mid + 1;
      }
      return samples[lo]!;
    },
  };
}
