import { describe, expect, it } from 'vitest';
import type { RunSummary, VmSummary } from '../../../core/trace/summary';
import {
  compareCsv,
  compareRows,
  formatMetric,
  metricLabel,
} from '../../../renderer/src/logic/compare-table';

function vm(perfIndexMean: number, swapInMiB: number): VmSummary {
  return {
    final: {},
    mean: { mctlsz_mib: 100, perf_index: perfIndexMean },
    perfIndexMean,
    perfIndexMin: perfIndexMean / 2,
    swapInMiB,
    guestSwapInMiB: 0,
    poweredOn: true,
    poweredOnS: 3600,
  };
}

function summary(vms: Record<string, VmSummary>, softS: number): RunSummary {
  const stat = { min: 0, mean: 0, max: 0, final: 0 };
  return {
    scenario: 's',
    seed: 1,
    durationS: 3600,
    engineVersion: 'x',
    host: {
      minFreeMiB: 0,
      pmemMiB: 0,
      overcommit: 1.5,
      timeInStateS: { high: 3600 - softS, clear: 0, soft: softS, hard: 0, low: 0 },
      freeMiB: stat,
      shrdsvdMiB: stat,
      mctlszMiB: stat,
      swcurMiB: stat,
      zipMiB: stat,
    },
    vms,
  };
}

describe('compare table', () => {
  it('lists host, all-VM and per-VM metrics with the change from the first run', () => {
    const rows = compareRows([
      { label: 'a', summary: summary({ app1: vm(0.9, 10) }, 100) },
      { label: 'b', summary: summary({ app1: vm(0.7, 50), app2: vm(1, 0) }, 300) },
      { label: 'c', summary: null },
    ]);
    const soft = rows.find((r) => r.name === 'host.time_soft_s')!;
    expect(soft.values).toEqual([100, 300, null]);
    expect(soft.deltas).toEqual([null, 200, null]);
    const perf = rows.find((r) => r.name === 'vm.app1.perf_index_mean')!;
    expect(perf.scope).toBe('app1');
    expect(perf.deltas[1]).toBe(-0.2);
    // A VM only the second run has: no value, no change, in the first.
    const app2 = rows.find((r) => r.name === 'vm.app2.host_swapin_mib')!;
    expect(app2.values).toEqual([null, 0, null]);
    expect(app2.deltas).toEqual([null, null, null]);
    expect(rows.find((r) => r.name === 'vm.app1.balloon_mib_h')!.values).toEqual([100, 100, null]);
    expect(metricLabel('time_soft_s')).toBe('time in soft, s');
  });

  it('exports CSV with one column per run and per change, quoting labels that need it', () => {
    const csv = compareCsv([
      { label: 'policy: esx, idleTaxPct: 75', summary: summary({ app1: vm(0.9, 10) }, 100) },
      { label: 'policy: "xen"', summary: summary({ app1: vm(0.8, 10) }, 100) },
    ]);
    const lines = csv.split('\n');
    expect(lines[0]).toBe(
      'metric,scope,"policy: esx, idleTaxPct: 75","policy: ""xen""","policy: ""xen"" - policy: esx, idleTaxPct: 75"',
    );
    expect(lines).toContain('vm.app1.perf_index_mean,app1,0.9,0.8,-0.1');
    expect(csv.endsWith('\n')).toBe(true);
  });
});

describe('formatMetric', () => {
  it('gives a column of summary values decimals by magnitude, grouped', () => {
    expect(formatMetric(1189.283)).toBe('1,189.3');
    expect(formatMetric(4341.13)).toBe('4,341.1');
    expect(formatMetric(13.5234)).toBe('13.52');
    expect(formatMetric(0.98765)).toBe('0.988');
    expect(formatMetric(2316)).toBe('2,316');
    expect(formatMetric(0)).toBe('0');
    expect(formatMetric(-1965.952)).toBe('-1,966.0');
  });
});
