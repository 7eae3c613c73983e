import type { z } from 'zod';
import type { sineWorkloadSchema } from '../scenario/workload-schema';
import { contentMixOf } from './content-mix';
import { mibToPages } from '../model/units';
import { activeOf } from './constant-workload';
import type { Workload } from './workload-types';

/** `sine`: demand oscillates around `meanMiB` by `amplitudeMiB` with period `periodS` (never below 0). */
export function sineWorkload(spec: z.infer<typeof sineWorkloadSchema>): Workload {
  return {
    kind: 'sine',
    mix: contentMixOf(spec),
    at(timeS) {
      const mib = spec.meanMiB + spec.amplitudeMiB * Math.sin((2 * Math.PI * timeS) / spec.periodS);
      const demandPages = mibToPages(Math.max(0, mib));
      return { demandPages, activePages: activeOf(demandPages, spec.activePct) };
    },
  };
}
