import type { z } from 'zod';
import type { burstyWorkloadSchema } from '../scenario/workload-schema';
import { Rng } from '../random/rng';
import { exponential } from '../random/distributions';
import { contentMixOf } from './content-mix';
import { mibToPages } from '../model/units';
import { activeOf } from './constant-workload';
import type { Workload } from './workload-types';

/**
 * `bursty`: `baseMiB` of demand, plus `burstMiB` during bursts of `burstS` seconds that start
 * after exponential gaps (mean `meanGapS`) from the end of the previous burst. The schedule
 * comes from its own stream seeded with `seed` (drawn from the engine's PRNG when the
 * workload is set), so demand stays a pure function of time: the same seed and time give
 * the same sample, whatever order times are asked in.
 */
export function burstyWorkload(spec: z.infer<typeof burstyWorkloadSchema>, seed: number): Workload {
  const rng = Rng.fromSeed(seed);
  // starts[i] is the start of burst i; grown lazily as later times are asked for.
  const starts: number[] = [exponential(rng, spec.meanGapS)];
  const base = mibToPages(spec.baseMiB);
  const peak = mibToPages(spec.baseMiB + spec.burstMiB);
  const quiet = { demandPages: base, activePages: activeOf(base, spec.activePct) };
  const burst = { demandPages: peak, activePages: activeOf(peak, spec.activePct) };
  return {
    kind: 'bursty',
    mix: contentMixOf(spec),
    at(timeS) {
      while (starts[starts.length - 1]! <= timeS) {
        starts.push(starts[starts.length - 1]! + spec.burstS + exponential(rng, spec.meanGapS));
      }
      // Last start <= timeS.
      let lo = -1;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= timeS) lo = mid;
        else hi = mid - 1;
      }
      return lo >= 0 && timeS < starts[lo]! + spec.burstS ? burst : quiet;
    },
  };
}
