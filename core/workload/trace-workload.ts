import type { z } from 'zod';
import type { traceWorkloadSchema } from '../scenario/workload-schema';
import { contentMixOf } from './content-mix';
import { mibToPages } from '../model/units';
import { activeOf } from './constant-workload';
import type { Workload } from './workload-types';

/** `trace`: recorded samples, each holding until the next; before the first, the first holds. */
export function traceWorkload(spec: z.infer<typeof traceWorkloadSchema>): Workload {
  const times = spec.samples.map((s) => s.atS);
  const samples = spec.samples.map((s) => {
    const demandPages = mibToPages(s.demandMiB);
    return { demandPages, activePages: activeOf(demandPages, s.activePct) };
  });
  return {
    kind: 'trace',
    mix: contentMixOf(spec),
    at(timeS) {
      // Last sample with atS <= timeS.
      let lo = 0;
      let hi = times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid]! <= timeS) lo = mid;
        else hi = mid - 1;
      }
      return samples[lo]!;
    },
  };
}
