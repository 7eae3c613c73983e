import type { z } from 'zod';
import type { rampWorkloadSchema } from '../scenario/workload-schema';
import { contentMixOf } from './content-mix';
import { mibToPages } from '../model/units';
import { activeOf } from './constant-workload';
import type { Workload } from './workload-types';

/** `ramp`: demand moves linearly from `fromMiB` to `toMiB` between `startS` and `startS + overS`. */
export function rampWorkload(spec: z.infer<typeof rampWorkloadSchema>): Workload {
  return {
    kind: 'ramp',
    mix: contentMixOf(spec),
    at(timeS) {
      const x = Math.min(1, Math.max(0, (timeS - spec.startS) / spec.overS));
      const demandPages = mibToPages(spec.fromMiB + (spec.toMiB - spec.fromMiB) * x);
      return { demandPages, activePages: activeOf(demandPages, spec.activePct) };
    },
  };
}
