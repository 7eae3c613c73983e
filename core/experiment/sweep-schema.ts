import { z } from 'zod';
import { formatPath } from '../scenario/parse-scenario';
import { issueSentence } from '../scenario/issue-sentence';
import type { ScenarioIssue } from '../scenario/scenario-checks';
import { parseSweepPath, type SweepPathStep, type SweepValue } from './sweep-path';

export const sweepSchemaId = 'balloon-lab/sweep@1';

/** Bounds of a sweep file, so that expanding and checking it stays quick and its results fit a table. */
export const sweepLimits = {
  /** Parameters swept together. */
  maxParameters: 8,
  /** Values of one parameter (listed, or produced by a range). */
  maxValues: 1000,
  /** Points: the product of the parameters' value counts. */
  maxPoints: 10_000,
  /** Seeds each point runs with. */
  maxSeeds: 1000,
  /** Runs: points x seeds. */
  maxRuns: 100_000,
  /** Characters of a text value. */
  maxTextValueLength: 200,
  /** Characters of a base given as a file path or preset:<id>. */
  maxBaseReferenceLength: 4096,
} as const;

const maxSeed = 2 ** 32 - 1;
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const seed = z.number().int().min(0).max(maxSeed);

const parameterSchema = z.strictObject({
  path: z
    .string()
    .describe('Field to vary, e.g. policy.idleTaxPct, vms[*].workload.demandMiB, vms[app1].memoryMiB.'),
  values: z
    .array(
      z.union([finite, z.string().max(sweepLimits.maxTextValueLength), z.boolean()], {
        error: `must be a number, true/false or a text of at most ${sweepLimits.maxTextValueLength} characters`,
      }),
    )
    .min(1)
    .max(sweepLimits.maxValues)
    .optional()
    .describe('The values, in order: numbers, texts or true/false.'),
  range: z
    .strictObject({
      from: finite.describe('First value.'),
      to: finite.describe('Last value (included when a whole number of steps from `from`).'),
      step: finite.refine((v) => v > 0, 'must be more than 0').describe('Distance between two values.'),
    })
    .optional()
    .describe('Values from `from` to `to` every `step`.'),
});

const seedsSchema = z
  .strictObject({
    count: z.number().int().min(1).max(sweepLimits.maxSeeds).describe('How many seeds.'),
    from: seed.optional().describe("First seed (default: the base scenario's seed); the others follow it."),
  })
  .describe('Seeds from `from`, counting up.');

const sweepObjectSchema = z.strictObject({
  $schema: z.string().max(2048).optional(),
  schema: z.literal(sweepSchemaId).describe('Format and version of the file.'),
  name: z.string().max(200).default('Untitled sweep'),
  description: z.string().max(2000).default(''),
  base: z
    .union([z.string().min(1).max(sweepLimits.maxBaseReferenceLength), z.record(z.string(), z.unknown())], {
      error: (issue) =>
        `${issue.input === undefined ? 'is missing: it must be' : 'must be'} a scenario file path or preset:<id> (1 to ${sweepLimits.maxBaseReferenceLength} characters), or a scenario object`,
    })
    .describe(
      'The scenario every point starts from: a file path (from the sweep file), preset:<id>, or a scenario object.',
    ),
  parameters: z.array(z.unknown()).max(sweepLimits.maxParameters).default([]),
  // Checked below: a list or an object, each with its own messages.
  seeds: z.unknown().optional(),
});

/** A swept parameter, checked: its path parsed and its values listed. */
export interface SweepParameter {
  /** The path in canonical form, also the results.csv column. */
  path: string;
  steps: SweepPathStep[];
  values: SweepValue[];
}

/** Which seeds every point runs with. */
export type SweepSeeds = { list: number[] } | { count: number; from: number | null };

/** A sweep file, checked (the base scenario is not read yet). */
export interface SweepSpec {
  name: string;
  description: string;
  base: string | Record<string, unknown>;
  parameters: SweepParameter[];
  seeds: SweepSeeds;
}

export type SweepSpecResult = { ok: true; sweep: SweepSpec } | { ok: false; issues: ScenarioIssue[] };

function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ScenarioIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const at = path.length > 0 ? `${formatPath(path)}.` : '';
      return {
        path: `${at}${issue.keys[0] ?? ''}`,
        message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}`,
      };
    }
    return { path: formatPath(path), message: issueSentence({ ...issue, path } as z.core.$ZodIssue) };
  });
}

/** Numbers a range gives never show float noise (0.1 + 0.2 is written 0.3). */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** The values of a range, or why it has none or too many. */
export function rangeValues(from: number, to: number, step: number): number[] | string {
  if (to < from) return `"to" (${to}) must not be below "from" (${from})`;
  // A small tolerance keeps `to` when float steps land a hair beyond it (0 to 1 by 0.1).
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (!Number.isFinite(count) || count > sweepLimits.maxValues)
    return `gives ${Number.isFinite(count) ? count : 'too many'} values, more than the ${sweepLimits.maxValues} allowed: use a larger step`;
  return Array.from({ length: count }, (_, i) => tidy(from + i * step));
}

function parameterIssues(raw: unknown, i: number, out: SweepParameter[]): ScenarioIssue[] {
  const at = `parameters[${i}]`;
  const parsed = parameterSchema.safeParse(raw);
  if (!parsed.success) return zodIssues(parsed.error, ['parameters', i]);
  const p = parsed.data;
  const path = parseSweepPath(p.path);
  if (!path.ok) return [{ path: `${at}.path`, message: path.message }];
  if ((p.values === undefined) === (p.range === undefined))
    return [{ path: at, message: 'give either "values" (a list) or "range" ({ from, to, step }), not both' }];
  let values: SweepValue[];
  if (p.values !== undefined) values = p.values;
  else {
    const r = rangeValues(p.range!.from, p.range!.to, p.range!.step);
    if (typeof r === 'string') return [{ path: `${at}.range`, message: r }];
    values = r;
  }
  const seen = new Set<SweepValue>();
  for (const [j, v] of values.entries()) {
    if (seen.has(v)) return [{ path: `${at}.values[${j}]`, message: `${JSON.stringify(v)} is listed twice` }];
    seen.add(v);
  }
  const twice = out.findIndex((o) => o.path === path.text);
  if (twice >= 0)
    return [{ path: `${at}.path`, message: `"${path.text}" is already swept by parameters[${twice}]` }];
  out.push({ path: path.text, steps: path.steps, values });
  return [];
}

function seedsOf(raw: unknown): { seeds: SweepSeeds } | { issues: ScenarioIssue[] } {
  if (raw === undefined) return { seeds: { count: 1, from: null } };
  if (Array.isArray(raw)) {
    const parsed = z.array(seed).min(1).max(sweepLimits.maxSeeds).safeParse(raw);
    if (!parsed.success) return { issues: zodIssues(parsed.error, ['seeds']) };
    const twice = parsed.data.findIndex((s, j) => parsed.data.indexOf(s) !== j);
    if (twice >= 0)
      return { issues: [{ path: `seeds[${twice}]`, message: `seed ${parsed.data[twice]} is listed twice` }] };
    return { seeds: { list: parsed.data } };
  }
  if (raw === null || typeof raw !== 'object')
    return {
      issues: [
        { path: 'seeds', message: 'must be a list of seeds ([1, 2, 3]) or { "count": 3, "from": 1 }' },
      ],
    };
  const parsed = seedsSchema.safeParse(raw);
  if (!parsed.success) return { issues: zodIssues(parsed.error, ['seeds']) };
  const { count, from } = parsed.data;
  if (from !== undefined && from + count - 1 > maxSeed)
    return {
      issues: [
        { path: 'seeds.count', message: `seeds from ${from} would pass the largest seed, ${maxSeed}` },
      ],
    };
  return { seeds: { count, from: from ?? null } };
}

/**
 * Checks a parsed sweep file (`balloon-lab/sweep@1`). Never throws: a rejection lists each
 * offending field path (`parameters[1].range.step`) with the reason. The base scenario and the
 * points it gives are checked by expandSweep.
 */
export function parseSweep(input: unknown): SweepSpecResult {
  const parsed = sweepObjectSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const doc = parsed.data;
  const issues: ScenarioIssue[] = [];
  const parameters: SweepParameter[] = [];
  doc.parameters.forEach((raw, i) => issues.push(...parameterIssues(raw, i, parameters)));
  const seedsResult = seedsOf(doc.seeds);
  if ('issues' in seedsResult) issues.push(...seedsResult.issues);
  if (issues.length > 0 || 'issues' in seedsResult) return { ok: false, issues };
  const seeds = seedsResult.seeds;
  const points = parameters.reduce((n, p) => n * p.values.length, 1);
  if (points > sweepLimits.maxPoints)
    return {
      ok: false,
      issues: [
        {
          path: 'parameters',
          message: `give ${points} points, more than the ${sweepLimits.maxPoints} allowed: sweep fewer values`,
        },
      ],
    };
  const seedCount = 'list' in seeds ? seeds.list.length : seeds.count;
  if (points * seedCount > sweepLimits.maxRuns)
    return {
      ok: false,
      issues: [
        {
          path: 'seeds',
          message: `${points} points x ${seedCount} seeds is ${points * seedCount} runs, more than the ${sweepLimits.maxRuns} allowed`,
        },
      ],
    };
  return {
    ok: true,
    sweep: { name: doc.name, description: doc.description, base: doc.base, parameters, seeds },
  };
}
