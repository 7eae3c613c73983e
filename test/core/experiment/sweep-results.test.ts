import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import { summarizeRun } from '../../../core/experiment/run-to-summary';
import { expandSweep, runScenarioOf } from '../../../core/experiment/sweep-plan';
import { resultRow, sweepRunResult, valueCell } from '../../../core/experiment/sweep-results';
import { parseSweep, sweepSchemaId } from '../../../core/experiment/sweep-schema';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { tinyLab } from '../../support/sweep-fixtures';

function tinyPlan() {
  const spec = parseSweep({
    schema: sweepSchemaId,
    base: 'x',
    parameters: [
      { path: 'policy.kind', values: ['esx', 'static'] },
      { path: 'policy.pageSharing.enabled', values: [false] },
    ],
    seeds: [1],
  });
  if (!spec.ok) throw new Error('bad spec');
  const r = expandSweep(spec.sweep, parseScenarioOrThrow({ ...tinyLab(), durationS: 5, events: [] }));
  if (!r.ok) throw new Error('bad plan');
  return r.plan;
}

describe('sweep results', () => {
  it('writes one row per run: ids, seed, values, then every metric column', () => {
    const plan = tinyPlan();
    const run = plan.runs[1]!;
    const summary = summarizeRun(createEngine(runScenarioOf(plan, run)));
    const result = sweepRunResult(run, summary);
    const row = resultRow(plan, run, result);
    expect(Array.isArray(row) && row.slice(0, 5)).toEqual(['p0001-s1', 'p0001', '1', 'static', 'false']);
    expect(Array.isArray(row) && row.length).toBe(plan.columns.length);
    const stateSeconds = plan.columns
      .map((c, i) => (/^host\.time_\w+_s$/.test(c) ? Number((row as string[])[i]) : 0))
      .reduce((a, b) => a + b, 0);
    expect(stateSeconds).toBe(5);
  });

  it('refuses a result that belongs to another run or lacks a metric', () => {
    const plan = tinyPlan();
    const result = sweepRunResult(
      plan.runs[0]!,
      summarizeRun(createEngine(runScenarioOf(plan, plan.runs[0]!))),
    );
    expect(resultRow(plan, plan.runs[1]!, result)).toBe('holds run p0000-s1, not p0001-s1');
    expect(resultRow(plan, plan.runs[0]!, { ...result, values: ['kvm-mom', false] })).toBe(
      'has parameter values that differ from the sweep',
    );
    const metrics: Record<string, number | null> = { ...result.metrics };
    delete metrics['vm.db.balloon_mib_h'];
    expect(resultRow(plan, plan.runs[0]!, { ...result, metrics })).toBe(
      'has no value for vm.db.balloon_mib_h',
    );
    expect(
      resultRow(plan, plan.runs[0]!, {
        ...result,
        metrics: { ...metrics, 'vm.db.balloon_mib_h': '1' as never },
      }),
    ).toBe('has no value for vm.db.balloon_mib_h');
  });

  it('writes values as a reader expects them', () => {
    expect([valueCell(0.5), valueCell(true), valueCell('esx'), valueCell(-2)]).toEqual([
      '0.5',
      'true',
      'esx',
      '-2',
    ]);
  });
});
