import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepResultRow } from '../../../core/experiment/sweep-aggregate';
import type { SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useConfirmStore } from '../../../renderer/src/stores/confirm-store';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { useSweepStore } from '../../../renderer/src/stores/sweep-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { twoVmScenario, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

function status(extra: Partial<SweepStatus> = {}): SweepStatus {
  return {
    id: 'tax-0123456789ab',
    name: 'tax',
    description: '',
    baseName: 'Two VMs',
    parameters: [
      { path: 'policy.idleTaxPct', values: [0, 75] },
      { path: 'host.memoryMiB', values: [4096, 8192] },
    ],
    seeds: [1, 2],
    points: 4,
    runs: 8,
    done: 0,
    state: 'ready',
    etaS: null,
    error: null,
    location: '/data/sweeps/tax-0123456789ab',
    jobs: 1,
    metrics: ['host.free_mean_mib', 'all_vms.perf_index_mean'],
    ...extra,
  };
}

function rows(): SweepResultRow[] {
  const out: SweepResultRow[] = [];
  let p = 0;
  for (const tax of [0, 75])
    for (const mem of [4096, 8192]) {
      const pointId = `p000${p++}`;
      for (const seed of [1, 2])
        out.push({
          runId: `${pointId}-s${seed}`,
          pointId,
          seed,
          values: [tax, mem],
          metrics: { 'all_vms.perf_index_mean': mem / 10000 + seed / 100, 'host.free_mean_mib': 1 },
        });
    }
  return out;
}

let fake: FakeLab;
beforeEach(() => {
  ({ fake } = installFakeLab());
});
afterEach(() => setLabApi(null));

describe('sweep store', () => {
  it('shows the kept sweep, plots lines per second parameter and follows sweepChanged', async () => {
    fake.sweep = status({ done: 8, state: 'done' });
    fake.sweepRows = rows();
    const sweep = useSweepStore();
    await sweep.init();
    await flushPromises();
    expect(sweep.metric).toBe('all_vms.perf_index_mean');
    expect([sweep.x, sweep.series]).toEqual([0, 1]);
    expect(sweep.lines.map((l) => l.seriesValue)).toEqual([4096, 8192]);
    expect(sweep.lines[1]!.points.map((p) => [p.x, p.pointId, p.n])).toEqual([
      [0, 'p0001', 2],
      [75, 'p0003', 2],
    ]);
    expect(sweep.lines[1]!.points[0]!.mean).toBeCloseTo(0.8342, 9);
    expect(sweep.heatmap!.cells.map((c) => c?.pointId)).toEqual(['p0000', 'p0002', 'p0001', 'p0003']);

    // A new sweep with one parameter: the plot's choices follow; its results load as they come.
    fake.sweepRows = [];
    const other = { id: 'other', parameters: [{ path: 'durationS', values: [60] }], runs: 2 };
    fake.sweep = status({ ...other, state: 'running' });
    fake.emit('sweepChanged', fake.sweep);
    await flushPromises();
    expect([sweep.x, sweep.series, sweep.mode]).toEqual([0, null, 'lines']);
    expect(sweep.rows).toEqual([]);
    expect(sweep.running).toBe(true);
    fake.sweepRows = rows()
      .slice(0, 1)
      .map((r) => ({ ...r, values: [60] }));
    fake.emit('sweepChanged', status({ ...other, done: 1, state: 'running' }));
    await flushPromises();
    expect(sweep.lines[0]!.points).toHaveLength(1);
    // Only the runs that finished since are asked for, and appended.
    const second = { ...rows()[1]!, values: [60] };
    fake.sweepRows = [...fake.sweepRows, second];
    fake.emit('sweepChanged', status({ ...other, done: 2, state: 'done' }));
    await flushPromises();
    expect(fake.callsOf('getSweepResults').at(-1)).toEqual({ from: 1 });
    expect(sweep.rows.map((r) => r.runId)).toEqual(['p0000-s1', 'p0000-s2']);
    expect(sweep.rows[1]!.metrics['all_vms.perf_index_mean']).toBe(second.metrics['all_vms.perf_index_mean']);
    // Opened again (another epoch): what is held is read again from the start.
    fake.sweepEpoch = 2;
    fake.sweepRows = [...fake.sweepRows, { ...rows()[2]!, values: [60] }];
    fake.emit('sweepChanged', status({ ...other, done: 3, state: 'done' }));
    await flushPromises();
    expect(fake.callsOf('getSweepResults').slice(-2)).toEqual([{ from: 2 }, { from: 0 }]);
    expect(sweep.rows).toHaveLength(3);
  });

  it('tells a failure once, and picks a point with its seeds', async () => {
    fake.sweep = status({ done: 8, state: 'running' });
    fake.sweepRows = rows();
    const sweep = useSweepStore();
    await sweep.init();
    await flushPromises();
    fake.emit(
      'sweepChanged',
      status({ done: 8, state: 'failed', error: 'Run p0002-s1 (...) failed: out of memory.' }),
    );
    expect(useNoticeStore().notices.map((n) => n.message)).toEqual([
      'Run p0002-s1 (...) failed: out of memory.',
    ]);
    sweep.selectedPointId = 'p0002';
    expect(sweep.selectedPoint).toMatchObject({ pointId: 'p0002', values: [75, 4096], n: 2 });
    expect(sweep.selectedPoint!.runs.map((r) => r.runId)).toEqual(['p0002-s1', 'p0002-s2']);
    sweep.setAxes(1, 1);
    expect([sweep.x, sweep.series, sweep.selectedPointId]).toEqual([1, null, null]);
  });

  it('opens a run as a new lab after asking about unsaved changes, then runs it to its end', async () => {
    const lab = useLabStore();
    await lab.init();
    fake.sweep = status({ done: 8, state: 'done' });
    const sweep = useSweepStore();
    await sweep.init();
    const scenario = parseScenarioOrThrow({
      ...twoVmScenario,
      name: 'Two VMs (policy.idleTaxPct = 75, seed 2)',
      seed: 2,
    });
    fake.handle('getSweepRunScenario', (r) => ({ runId: r.runId, scenario }));
    fake.state = { ...fake.state, session: { ...fake.state.session, dirty: true } };
    await lab.refresh();
    const opening = sweep.openRun('p0003-s2');
    await flushPromises();
    const confirm = useConfirmStore();
    expect(confirm.pending?.request.message).toContain('before opening run p0003-s2 of the sweep');
    confirm.answer('discard');
    expect(await opening).toBe(true);
    expect(fake.callsOf('newSession')).toEqual([{ scenario }]);
    expect(fake.callsOf('runToEnd')).toHaveLength(1);
    expect(useUiStore().lowerTab).toBe('charts');

    // Cancel in the question: nothing is replaced.
    fake.state = { ...fake.state, session: { ...fake.state.session, dirty: true } };
    await lab.refresh();
    const kept = sweep.openRun('p0000-s1');
    await flushPromises();
    confirm.answer('cancel');
    expect(await kept).toBe(false);
    expect(fake.callsOf('newSession')).toHaveLength(1);
  });
});
