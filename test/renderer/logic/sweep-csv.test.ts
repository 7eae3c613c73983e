import { describe, expect, it } from 'vitest';
import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { sweepResultsCsv } from '../../../renderer/src/logic/sweep-csv';

const status = {
  parameters: [
    { path: 'policy.kind', values: ['esx', 'kvm-mom'] },
    { path: 'policy.pageSharing.enabled', values: [true, false] },
  ],
  seeds: [9, 3],
  metrics: ['host.overcommit', 'vm.web.perf_index_mean'],
} as unknown as SweepStatus;

describe('sweep results CSV', () => {
  it('lays the finished runs out as results.csv does, in the sweep order, empty cells for no value', () => {
    const row = (pointId: string, seed: number, values: (string | boolean)[], perf: number | null) => ({
      runId: `${pointId}-s${seed}`,
      pointId,
      seed,
      values,
      metrics: { 'host.overcommit': 1.5, 'vm.web.perf_index_mean': perf },
    });
    const csv = sweepResultsCsv(status, [
      row('p0001', 3, ['esx', false], 0.5),
      row('p0000', 3, ['esx', true], null),
      row('p0000', 9, ['esx', true], 0.75),
    ]);
    expect(csv).toBe(
      [
        'run_id,point_id,seed,policy.kind,policy.pageSharing.enabled,host.overcommit,vm.web.perf_index_mean',
        'p0000-s9,p0000,9,esx,true,1.5,0.75',
        'p0000-s3,p0000,3,esx,true,1.5,',
        'p0001-s3,p0001,3,esx,false,1.5,0.5',
        '',
      ].join('\n'),
    );
  });
});
