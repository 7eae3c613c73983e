import { describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../core/scenario/workload-schema';
import { describeWorkload } from '../../../core/workload/describe-workload';

describe('describeWorkload', () => {
  it('gives the numbers an intervention set, for the log', () => {
    const of = (w: unknown) => describeWorkload(workloadSchema.parse(w));
    expect(of({ kind: 'steady', demandMiB: 4000, activePct: 60 })).toBe(
      'steady 4000 MiB, 60% active, file set 256 MiB',
    );
    expect(of({ kind: 'idle' })).toBe('idle 256 MiB, 2% active, file set 64 MiB');
    expect(of({ kind: 'ramp', fromMiB: 512, toMiB: 5500, overS: 600, activePct: 80 })).toBe(
      'ramp 512 -> 5500 MiB over 600 s from 0 s, 80% active, file set 256 MiB',
    );
    expect(
      of({
        kind: 'phases',
        repeat: false,
        phases: [
          { durationS: 60, demandMiB: 100 },
          { durationS: 30, demandMiB: 9 },
        ],
      }),
    ).toBe('phases: 100 MiB for 60 s, 9 MiB for 30 s, file set 256 MiB');
    expect(of({ kind: 'trace', samples: [{ atS: 0, demandMiB: 1 }] })).toBe(
      'trace of 1 sample, file set 256 MiB',
    );
  });
});
