import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  hostMetricIds,
  metricCell,
  runMetricColumns,
  runMetrics,
  vmMetricIds,
} from '../../../core/experiment/run-metrics';
import { SummaryAccumulator } from '../../../core/trace/summary';
import type { HostCounters } from '../../../core/model/counters';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';

const info = { scenario: 'lab', seed: 7, durationS: 7200 };
const hostAt = (timeS: number, o: Partial<HostCounters> = {}) =>
  zeroHostCounters({ tick: timeS, timeS, ...o });

/** Two VMs over two hours: `a` runs both hours, `b` only the first (powered off after). */
function twoHourSummary() {
  const acc = new SummaryAccumulator(info);
  acc.add(hostAt(3600, { state: 'high', freeMiB: 1000, mctlszMiB: 2048, overcommit: 1.5 }), [
    zeroVmCounters('a', { perfIndex: 1, mctlszMiB: 1024, swrMiBps: 0.5 }),
    zeroVmCounters('b', { perfIndex: 0.5, mctlszMiB: 1024, guestSwapInMiBps: 0.25 }),
  ]);
  acc.add(hostAt(7200, { state: 'soft', freeMiB: 200, mctlszMiB: 2048, overcommit: 1.5 }), [
    zeroVmCounters('a', { perfIndex: 0.8, mctlszMiB: 2048 }),
    zeroVmCounters('b', { poweredOn: false }),
  ]);
  return acc.finish();
}

describe('runMetrics', () => {
  it('names every metric in the column order of runMetricColumns', () => {
    const summary = twoHourSummary();
    const metrics = runMetrics(summary);
    expect(metrics.map((m) => m.name)).toEqual(runMetricColumns(['a', 'b']));
    expect(metrics).toHaveLength(hostMetricIds.length + vmMetricIds.length * 3);
    expect(metrics.slice(0, 3).map((m) => m.name)).toEqual([
      'host.time_high_s',
      'host.time_clear_s',
      'host.time_soft_s',
    ]);
    expect(metrics.find((m) => m.name === 'vm.b.balloon_mib_h')).toMatchObject({ scope: 'vm', vmId: 'b' });
  });

  it('computes per-VM, all-VM and host figures with units in the names', () => {
    const byName = Object.fromEntries(runMetrics(twoHourSummary()).map((m) => [m.name, m.value]));
    expect(byName['vm.a.perf_index_mean']).toBe(0.9);
    expect(byName['vm.a.perf_index_min']).toBe(0.8);
    expect(byName['vm.b.perf_index_mean']).toBe(0.5);
    // a: 1024 MiB for one hour then 2048 MiB for one hour; b: 1024 MiB for its one hour on.
    expect(byName['vm.a.balloon_mib_h']).toBe(3072);
    expect(byName['vm.b.balloon_mib_h']).toBe(1024);
    expect(byName['vm.a.host_swapin_mib']).toBe(1800);
    expect(byName['vm.b.guest_swapin_mib']).toBe(900);
    // Weighted by powered-on time: (0.9 x 2 h + 0.5 x 1 h) / 3 h.
    expect(byName['all_vms.perf_index_mean']).toBe(0.7667);
    expect(byName['all_vms.perf_index_min']).toBe(0.5);
    expect(byName['all_vms.balloon_mib_h']).toBe(4096);
    expect(byName['all_vms.host_swapin_mib']).toBe(1800);
    expect(byName['all_vms.guest_swapin_mib']).toBe(900);
    expect(byName['host.time_high_s']).toBe(3600);
    expect(byName['host.time_soft_s']).toBe(3600);
    expect(byName['host.time_hard_s']).toBe(0);
    expect(byName['host.free_mean_mib']).toBe(600);
    expect(byName['host.mctlsz_mean_mib']).toBe(2048);
    expect(byName['host.overcommit']).toBe(1.5);
  });

  it('gives no performance figures for a VM that never ran, and empty cells for them', () => {
    const acc = new SummaryAccumulator(info);
    acc.add(hostAt(10), [zeroVmCounters('off', { poweredOn: false })]);
    const byName = Object.fromEntries(runMetrics(acc.finish()).map((m) => [m.name, m.value]));
    expect(byName['vm.off.perf_index_mean']).toBeNull();
    expect(byName['all_vms.perf_index_min']).toBeNull();
    expect(byName['vm.off.balloon_mib_h']).toBe(0);
    expect(metricCell(null)).toBe('');
    expect(metricCell(0.25)).toBe('0.25');
  });

  it('keeps the all-VM mean between the per-VM means and the minimum at the lowest (property)', () => {
    const vm = fc.record({
      perf: fc.double({ min: 0, max: 1, noNaN: true }),
      on: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(vm, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (ticks) => {
          const acc = new SummaryAccumulator(info);
          ticks.forEach((vms, t) =>
            acc.add(
              hostAt(t + 1),
              vms.map((v, i) => zeroVmCounters(`vm${i}`, { perfIndex: v.perf, poweredOn: v.on })),
            ),
          );
          const metrics = runMetrics(acc.finish());
          const value = (n: string) => metrics.find((m) => m.name === n)!.value;
          const means = [0, 1, 2].flatMap((i) => {
            const v = value(`vm.vm${i}.perf_index_mean`);
            return v === null ? [] : [v];
          });
          const mins = [0, 1, 2].flatMap((i) => {
            const v = value(`vm.vm${i}.perf_index_min`);
            return v === null ? [] : [v];
          });
          const allMean = value('all_vms.perf_index_mean');
          if (means.length === 0) return allMean === null;
          return (
            allMean! >= Math.min(...means) - 1e-4 &&
            allMean! <= Math.max(...means) + 1e-4 &&
            value('all_vms.perf_index_min') === Math.min(...mins)
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
