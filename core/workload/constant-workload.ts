import type { idleWorkloadSchema, steadyWorkloadSchema } from '../scenario/workload-schema';
import type { z } from 'zod';
import { contentMixOf } from './content-mix';
import { mibToPages } from '../model/units';
import type { Workload, WorkloadSample } from './workload-types';

/** Active pages of a demand, rounded to whole pages. */
export function activeOf(demandPages: number, activePct: number): number {
  return Math.min(demandPages, Math.round((demandPages * activePct) / 100));
}

/** `steady` and `idle`: constant demand with a constant active fraction. */
export function constantWorkload(
  spec: z.infer<typeof steadyWorkloadSchema> | z.infer<typeof idleWorkloadSchema>,
): Workload {
  const demandPages = mibToPages(spec.demandMiB);
  const sample: WorkloadSample = { demandPages, activePages: activeOf(demandPages, spec.activePct) };
  return { kind: spec.kind, mix: contentMixOf(spec), at: () => sample };
}
