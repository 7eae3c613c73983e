import { formatIssues, parseScenario } from '../scenario/parse-scenario';
import { runBudgetIssues, type RunBudget } from '../scenario/run-budget';
import type { ScenarioIssue } from '../scenario/scenario-checks';
import type { Scenario } from '../scenario/scenario-schema';
import { runMetricColumns } from './run-metrics';
import { setAtSweepPath, type SweepValue } from './sweep-path';
import type { SweepParameter, SweepSpec } from './sweep-schema';

/** One combination of parameter values. */
export interface SweepPoint {
  /** `p0000`, `p0001`, ... in the order of the product (the last parameter varies fastest). */
  id: string;
  index: number;
  /** One value per parameter, in the sweep's parameter order. */
  values: SweepValue[];
}

/** One run: a point with one seed. */
export interface SweepRun {
  /** `<point id>-s<seed>`, e.g. `p0003-s42`: names its result file and traces folder. */
  id: string;
  index: number;
  point: SweepPoint;
  seed: number;
}

/** A sweep expanded against its base scenario: every point checked, every run named. */
export interface SweepPlan {
  name: string;
  /** The base scenario, validated, defaults applied. */
  base: Scenario;
  parameters: readonly SweepParameter[];
  seeds: readonly number[];
  points: readonly SweepPoint[];
  /** Point-major, seeds in their order: the order of results.csv. */
  runs: readonly SweepRun[];
  /** results.csv columns: run_id, point_id, seed, each parameter's path, then the metrics. */
  columns: readonly string[];
  /** Scheduled events dropped from points whose durationS ends before them (summed over points). */
  droppedEvents: number;
}

export type SweepPlanResult = { ok: true; plan: SweepPlan } | { ok: false; issues: ScenarioIssue[] };

/** The first columns of results.csv. */
export const leadResultColumns = ['run_id', 'point_id', 'seed'] as const;

const maxSeed = 2 ** 32 - 1;

/** Invalid points listed before the rest are only counted. */
const maxReportedPoints = 10;

function pointId(index: number): string {
  return `p${String(index).padStart(4, '0')}`;
}

function describeValues(parameters: readonly SweepParameter[], values: readonly SweepValue[]): string {
  return parameters.map((p, i) => `${p.path}=${JSON.stringify(values[i])}`).join(', ');
}

/** Every combination of the parameters' values; the last parameter varies fastest. */
function product(parameters: readonly SweepParameter[]): SweepValue[][] {
  let combos: SweepValue[][] = [[]];
  for (const p of parameters) combos = combos.flatMap((c) => p.values.map((v) => [...c, v]));
  return combos;
}

/**
 * The scenario of one point: the base with each parameter's value set at its path, in
 * parameter order (a later parameter wins where two paths meet), and the scheduled events
 * after a shortened durationS dropped (as `balloon-lab run --duration` does). Not validated.
 */
export function pointScenarioDocument(
  base: Scenario,
  parameters: readonly SweepParameter[],
  values: readonly SweepValue[],
  seed: number,
): { document: Record<string, unknown>; droppedEvents: number } | { issue: ScenarioIssue } {
  // A scenario is plain JSON data, so a JSON round trip is a full copy.
  const doc = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const [i, p] of parameters.entries()) {
    const why = setAtSweepPath(doc, p.steps, values[i]!);
    if (why !== null) return { issue: { path: `parameters[${i}].path`, message: `"${p.path}": ${why}` } };
  }
  doc['seed'] = seed;
  let droppedEvents = 0;
  const durationS = doc['durationS'];
  if (typeof durationS === 'number' && Array.isArray(doc['events'])) {
    const events = doc['events'] as Array<{ atS?: unknown }>;
    const kept = events.filter((e) => !(typeof e.atS === 'number' && e.atS > durationS));
    droppedEvents = events.length - kept.length;
    doc['events'] = kept;
  }
  return { document: doc, droppedEvents };
}

/** The validated scenario of a run. Throws if the plan was not built by expandSweep. */
export function runScenarioOf(plan: SweepPlan, run: SweepRun): Scenario {
  const built = pointScenarioDocument(plan.base, plan.parameters, run.point.values, run.seed);
  if ('issue' in built) throw new Error(formatIssues([built.issue]));
  const parsed = parseScenario(built.document);
  if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
  return parsed.scenario;
}

/** The seeds of every point, or why they cannot be counted up from the base scenario's seed. */
function seedList(spec: SweepSpec, base: Scenario): number[] | ScenarioIssue {
  if ('list' in spec.seeds) return [...spec.seeds.list];
  const { count } = spec.seeds;
  const from = spec.seeds.from ?? base.seed;
  if (from + count - 1 > maxSeed)
    return {
      path: 'seeds.count',
      message: `${count} seeds from the base scenario's seed ${from} would pass the largest seed, ${maxSeed}: give seeds.from`,
    };
  return Array.from({ length: count }, (_, i) => from + i);
}

/**
 * Expands a checked sweep against its base scenario (already validated, defaults applied):
 * the points (the product of the parameters' values), the seeds and the runs, in a fixed
 * order with fixed ids. Every point is validated as a scenario (and, given a budget, checked
 * to fit this machine); a rejection names the point, its values and the scenario field.
 */
export function expandSweep(spec: SweepSpec, base: Scenario, budget?: RunBudget): SweepPlanResult {
  const seeds = seedList(spec, base);
  if (!Array.isArray(seeds)) return { ok: false, issues: [seeds] };
  const issues: ScenarioIssue[] = [];
  let invalidPoints = 0;
  let droppedEvents = 0;
  const points = product(spec.parameters).map((values, index): SweepPoint => ({
    id: pointId(index),
    index,
    values,
  }));
  for (const point of points) {
    const built = pointScenarioDocument(base, spec.parameters, point.values, seeds[0]!);
    let pointIssues: ScenarioIssue[];
    if ('issue' in built) pointIssues = [built.issue];
    else {
      droppedEvents += built.droppedEvents;
      const parsed = parseScenario(built.document);
      pointIssues = parsed.ok
        ? budget === undefined
          ? []
          : runBudgetIssues(parsed.scenario, budget)
        : parsed.issues;
    }
    if (pointIssues.length === 0) continue;
    invalidPoints += 1;
    if (invalidPoints > maxReportedPoints) continue;
    const label = `point ${point.id}${point.values.length > 0 ? ` (${describeValues(spec.parameters, point.values)})` : ''}`;
    for (const i of pointIssues) issues.push({ path: label, message: `${i.path}: ${i.message}` });
    // A path that leads nowhere does so at every point: once is enough.
    if ('issue' in built) return { ok: false, issues };
  }
  if (invalidPoints > maxReportedPoints)
    issues.push({
      path: 'parameters',
      message: `${invalidPoints - maxReportedPoints} more points are invalid`,
    });
  if (issues.length > 0) return { ok: false, issues };
  const runs = points.flatMap((point) =>
    seeds.map((seed, s): SweepRun => ({
      id: `${point.id}-s${seed}`,
      index: point.index * seeds.length + s,
      point,
      seed,
    })),
  );
  const paths = spec.parameters.map((p) => p.path);
  const columns = [
    ...leadResultColumns,
    ...paths,
    ...runMetricColumns(base.vms.map((v) => v.id).sort(compareIds)),
  ];
  const clash = paths.find((p) => columns.indexOf(p) !== columns.lastIndexOf(p));
  if (clash !== undefined)
    return {
      ok: false,
      issues: [{ path: 'parameters', message: `"${clash}" would repeat a results.csv column name` }],
    };
  return {
    ok: true,
    plan: { name: spec.name, base, parameters: spec.parameters, seeds, points, runs, columns, droppedEvents },
  };
}

/** The order summary.json lists VMs in (plain code-unit order). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
