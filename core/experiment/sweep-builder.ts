import type { ScenarioIssue } from '../scenario/scenario-checks';
import { policyKinds } from '../scenario/policy-schema';
import type { Scenario } from '../scenario/scenario-schema';
import { parseSweepPath, type SweepValue } from './sweep-path';
import { parseSweep, sweepLimits, sweepSchemaId } from './sweep-schema';

/** A field of the current scenario that a sweep can vary, with what it holds now. */
export interface SweepPathOption {
  path: string;
  /** Its value now; null when the entries it reaches differ (vms[*] of unlike VMs). */
  current: SweepValue | null;
  kind: 'number' | 'text' | 'boolean';
  /** The texts it may take, when they are a known set (policy.kind). */
  choices?: readonly string[];
  /** One of the paths most sweeps vary: listed first. */
  featured: boolean;
}

/** The paths offered first, in this order, when the scenario has them. */
export const featuredSweepPaths = [
  'policy.idleTaxPct',
  'host.memoryMiB',
  'vms[*].workload.demandMiB',
  'vms[*].memoryMiB',
  'policy.kind',
  'policy.balloonMaxPct',
  'durationS',
] as const;

/** VMs past this many get no `vms[<id>]` paths of their own (vms[*] still covers them). */
const maxVmsWithOwnPaths = 8;
/** Fields under these keys are not offered: they name things or hold free text. */
const skippedKeys = new Set(['id', 'name', 'description', 'schema', '$schema', 'seed', 'kind']);

type Leaf = { path: string; value: SweepValue };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isValue(value: unknown): value is SweepValue {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}

/** Number and true/false fields under `obj`, depth first (texts other than enums are not swept). */
function leaves(obj: Record<string, unknown>, prefix: string, out: Leaf[]): Leaf[] {
  for (const [key, value] of Object.entries(obj)) {
    if (skippedKeys.has(key)) continue;
    const path = `${prefix}.${key}`;
    if (isValue(value)) out.push({ path, value });
    else if (isRecord(value)) leaves(value, path, out);
  }
  return out;
}

function kindOf(value: SweepValue): SweepPathOption['kind'] {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
}

/**
 * The fields of `scenario` (validated, defaults applied) a sweep can vary: the featured ones
 * first, then the policy's, the host's, every VM's (`vms[*]`, where all VMs have the field) and
 * each VM's memory and demand (`vms[<id>]`).
 */
export function sweepPathOptions(scenario: Scenario): SweepPathOption[] {
  const found = new Map<string, SweepPathOption>();
  const add = (path: string, current: SweepValue | null, kind: SweepPathOption['kind']) => {
    if (!found.has(path)) found.set(path, { path, current, kind, featured: false });
  };
  add('policy.kind', scenario.policy.kind, 'text');
  found.get('policy.kind')!.choices = policyKinds;
  add('durationS', scenario.durationS, 'number');
  for (const l of leaves(scenario.policy as Record<string, unknown>, 'policy', []))
    add(l.path, l.value, kindOf(l.value));
  for (const l of leaves(scenario.host as Record<string, unknown>, 'host', []))
    add(l.path, l.value, kindOf(l.value));
  const vms = scenario.vms as unknown as Record<string, unknown>[];
  if (vms.length > 0) {
    const perVm = vms.map((vm) => new Map(leaves(vm, 'vms[*]', []).map((l) => [l.path, l.value])));
    for (const [path, value] of perVm[0]!) {
      const all = perVm.map((m) => m.get(path));
      if (all.some((v) => v === undefined || typeof v !== typeof value)) continue;
      add(path, all.every((v) => v === value) ? value : null, kindOf(value));
    }
    for (const vm of vms.slice(0, maxVmsWithOwnPaths)) {
      const id = String(vm['id']);
      if (typeof vm['memoryMiB'] === 'number') add(`vms[${id}].memoryMiB`, vm['memoryMiB'], 'number');
      const demand = isRecord(vm['workload']) ? vm['workload']['demandMiB'] : undefined;
      if (typeof demand === 'number') add(`vms[${id}].workload.demandMiB`, demand, 'number');
    }
  }
  const featured = featuredSweepPaths.flatMap((p) => {
    const o = found.get(p);
    return o === undefined ? [] : [{ ...o, featured: true }];
  });
  const rest = [...found.values()].filter((o) => !featured.some((f) => f.path === o.path));
  // Only paths the sweep file accepts (an odd VM id could make a path it refuses).
  return [...featured, ...rest].filter((o) => parseSweepPath(o.path).ok);
}

/** A parameter as the builder holds it: a path and either a list typed as text or a range. */
export interface SweepParameterDraft {
  path: string;
  mode: 'list' | 'range';
  /** `0, 25, 50, 75` or `esx, kvm-mom` or `true, false`. */
  list: string;
  range: { from: number; to: number; step: number };
}

export interface SweepDraft {
  name: string;
  base: Scenario;
  parameters: readonly SweepParameterDraft[];
  seedCount: number;
  /** First seed; the others count up from it. */
  seedFrom: number;
}

/** The values typed in a list: numbers, true/false, or texts; separated by commas. */
export function parseValueList(text: string): SweepValue[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) =>
      s === 'true'
        ? true
        : s === 'false'
          ? false
          : /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)
            ? Number(s)
            : s,
    );
}

/** The balloon-lab/sweep@1 document a draft stands for, its base scenario inline. */
export function sweepDocumentOf(draft: SweepDraft): Record<string, unknown> {
  return {
    schema: sweepSchemaId,
    name: draft.name,
    description: `Built in Balloon Lab from "${draft.base.name}".`,
    base: draft.base,
    parameters: draft.parameters.map((p) =>
      p.mode === 'list'
        ? { path: p.path, values: parseValueList(p.list) }
        : { path: p.path, range: { ...p.range } },
    ),
    seeds: { count: draft.seedCount, from: draft.seedFrom },
  };
}

/** What a draft makes: its points and runs, or why it is not a sweep (field by field). */
export type SweepDraftCheck =
  { ok: true; points: number; runs: number } | { ok: false; issues: ScenarioIssue[] };

/**
 * Checks a draft as the sweep file it would be (paths, values, ranges, seeds, the file's
 * limits) and counts its runs. The points themselves are checked when the sweep is opened.
 */
export function checkSweepDraft(draft: SweepDraft, maxRuns: number = sweepLimits.maxRuns): SweepDraftCheck {
  const parsed = parseSweep(sweepDocumentOf(draft));
  if (!parsed.ok) return parsed;
  const points = parsed.sweep.parameters.reduce((n, p) => n * p.values.length, 1);
  const runs = points * draft.seedCount;
  if (runs > maxRuns)
    return {
      ok: false,
      issues: [
        {
          path: 'runs',
          message: `${points} points x ${draft.seedCount} seeds is ${runs} runs, more than the ${maxRuns} the lab runs: sweep fewer values or seeds`,
        },
      ],
    };
  return { ok: true, points, runs };
}
