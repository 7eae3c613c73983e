import type { WorkloadSpec } from '../scenario/workload-schema';
import { burstyWorkload } from './bursty-workload';
import { constantWorkload } from './constant-workload';
import { phasesWorkload } from './phases-workload';
import { rampWorkload } from './ramp-workload';
import { sineWorkload } from './sine-workload';
import { traceWorkload } from './trace-workload';
import type { Workload } from './workload-types';

/** The workload variant for a spec; `seed` feeds the kinds with seeded randomness (bursty). */
export function createWorkload(spec: WorkloadSpec, seed: number): Workload {
  switch (spec.kind) {
    case 'steady':
    case 'idle':
      return constantWorkload(spec);
    case 'ramp':
      return rampWorkload(spec);
    case 'phases':
      return phasesWorkload(spec);
    case 'sine':
      return sineWorkload(spec);
    case 'bursty':
      return burstyWorkload(spec, seed);
    case 'trace':
      return traceWorkload(spec);
  }
}
