import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandSweep, runScenarioOf, type SweepPlan } from '../../../core/experiment/sweep-plan';
import { parseSweep, sweepSchemaId } from '../../../core/experiment/sweep-schema';
import { runMetricColumns } from '../../../core/experiment/run-metrics';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import type { RunBudget } from '../../../core/scenario/run-budget';
import { tinyLab } from '../../support/sweep-fixtures';

const base = parseScenarioOrThrow(tinyLab());

function expand(o: Record<string, unknown>, budget?: RunBudget) {
  const spec = parseSweep({ schema: sweepSchemaId, base: 'x.json', ...o });
  if (!spec.ok) throw new Error(JSON.stringify(spec.issues));
  return expandSweep(spec.sweep, base, budget);
}

function planOf(o: Record<string, unknown>): SweepPlan {
  const r = expand(o);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

function issuesOf(o: Record<string, unknown>, budget?: RunBudget): string {
  const r = expand(o, budget);
  if (r.ok) throw new Error('expected a rejection');
  return r.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}

describe('expandSweep', () => {
  it('names points and runs in product order (last parameter fastest, then seeds)', () => {
    const plan = planOf({
      parameters: [
        { path: 'policy.idleTaxPct', values: [0, 75] },
        { path: 'vms[*].workload.demandMiB', values: [256, 512, 768] },
      ],
      seeds: [9, 3],
    });
    expect(plan.points.map((p) => [p.id, ...p.values])).toEqual([
      ['p0000', 0, 256],
      ['p0001', 0, 512],
      ['p0002', 0, 768],
      ['p0003', 75, 256],
      ['p0004', 75, 512],
      ['p0005', 75, 768],
    ]);
    expect(plan.runs.slice(0, 3).map((r) => [r.id, r.index, r.seed])).toEqual([
      ['p0000-s9', 0, 9],
      ['p0000-s3', 1, 3],
      ['p0001-s9', 2, 9],
    ]);
    expect(plan.columns).toEqual([
      'run_id',
      'point_id',
      'seed',
      'policy.idleTaxPct',
      'vms[*].workload.demandMiB',
      ...runMetricColumns(['db', 'web']),
    ]);
  });

  it('builds each run scenario with its values and seed, dropping events after a shorter run', () => {
    const plan = planOf({
      parameters: [
        { path: 'durationS', values: [10, 30] },
        { path: 'vms[db].memoryMiB', values: [128] },
      ],
      seeds: { count: 2 },
    });
    expect(plan.seeds).toEqual([7, 8]);
    expect(plan.droppedEvents).toBe(1);
    const short = runScenarioOf(plan, plan.runs[1]!);
    expect([short.durationS, short.seed, short.events.length]).toEqual([10, 8, 0]);
    expect(short.vms.map((v) => [v.id, v.memoryMiB])).toEqual([
      ['web', 256],
      ['db', 128],
    ]);
    const full = runScenarioOf(plan, plan.runs[2]!);
    expect([full.durationS, full.seed, full.events.length]).toEqual([30, 7, 1]);
  });

  it('names the point, its values and the scenario field of an invalid point', () => {
    expect(issuesOf({ parameters: [{ path: 'host.memoryMiB', values: [512, 100] }] })).toBe(
      'point p0001 (host.memoryMiB=100): host.memoryMiB: must be at least 256 MiB',
    );
    expect(issuesOf({ parameters: [{ path: 'policy.kind', values: ['esx', 'vmware'] }] })).toContain(
      'point p0001 (policy.kind="vmware"): policy.kind: must be one of',
    );
    expect(issuesOf({ parameters: [{ path: 'vms[*].frob', values: [1] }] })).toContain(
      'point p0000 (vms[*].frob=1): vms[0].frob: unknown field',
    );
  });

  it('says once where a path leads nowhere', () => {
    expect(issuesOf({ parameters: [{ path: 'vms[app9].memoryMiB', values: [1, 2, 3] }] })).toBe(
      'point p0000 (vms[app9].memoryMiB=1): parameters[0].path: "vms[app9].memoryMiB": vms has no entry with id "app9" (ids: web, db)',
    );
  });

  it('lists ten invalid points and counts the rest', () => {
    const text = issuesOf({ parameters: [{ path: 'host.memoryMiB', range: { from: 1, to: 15, step: 1 } }] });
    expect(text.split('\n')).toHaveLength(11);
    expect(text).toContain('parameters: 5 more points are invalid');
  });

  it('refuses points this machine cannot run, given a budget', () => {
    const budget: RunBudget = { memoryBytes: 1, memoryNote: 'a test budget', keepsHistory: false };
    expect(issuesOf({}, budget)).toContain('point p0000: vms: this run needs about');
  });

  it("refuses counting seeds past the largest from the base scenario's seed", () => {
    const spec = parseSweep({ schema: sweepSchemaId, base: 'x.json', seeds: { count: 3 } });
    if (!spec.ok) throw new Error('bad spec');
    const r = expandSweep(spec.sweep, { ...base, seed: 2 ** 32 - 2 });
    expect(r.ok ? 'ok' : r.issues[0]).toEqual({
      path: 'seeds.count',
      message:
        "3 seeds from the base scenario's seed 4294967294 would pass the largest seed, 4294967295: give seeds.from",
    });
  });

  it('refuses a parameter named like a results column', () => {
    expect(issuesOf({ parameters: [{ path: 'host.overcommit', values: [1] }] })).toContain('host.overcommit');
  });

  it('has points = product of value counts, runs = points x seeds, all ids unique and in order (property)', () => {
    const param = (path: string) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 4 })
        .map((values) => ({ path, values }));
    fc.assert(
      fc.property(
        fc.tuple(
          param('policy.idleTaxPct'),
          param('policy.balloonMaxPct'),
          param('vms[web].workload.activePct'),
        ),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (params, used, seedCount) => {
          const parameters = params.slice(0, used);
          const plan = planOf({ parameters, seeds: { count: seedCount, from: 100 } });
          const points = parameters.reduce((n, p) => n * p.values.length, 1);
          const ids = plan.runs.map((r) => r.id);
          if (plan.points.length !== points || plan.runs.length !== points * seedCount) return false;
          if (new Set(ids).size !== ids.length || !plan.runs.every((r, i) => r.index === i)) return false;
          // Every combination appears exactly once.
          const combos = new Set(plan.points.map((p) => JSON.stringify(p.values)));
          if (combos.size !== points) return false;
          const last = plan.points[plan.points.length - 1]!;
          const s = runScenarioOf(plan, plan.runs[plan.runs.length - 1]!);
          return (
            s.seed === 100 + seedCount - 1 &&
            s.policy.idleTaxPct === last.values[0] &&
            (used < 2 || s.policy.balloonMaxPct === last.values[1])
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
