import type { z } from 'zod';
import { scenarioObjectSchema, scenarioSchemaId, type Scenario } from './scenario-schema';
import { upgradeScenarioV1 } from './scenario-migration';
import { crossFieldIssues, type ScenarioIssue } from './scenario-checks';
import { issueSentence } from './issue-sentence';

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Renders a zod path as `vms[2].workload.demandMiB`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function zodIssues(error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${formatPath(issue.path)}.` : '';
      return {
        path: `${prefix}${issue.keys[0] ?? ''}`,
        message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}`,
      };
    }
    return { path: formatPath(issue.path), message: issueSentence(issue) };
  });
}

/**
 * Validates a parsed scenario document and applies every default.
 * Never throws: a rejection lists each offending field path with the reason. A @1 file is
 * upgraded first so it keeps its meaning.
 */
export function parseScenario(input: unknown): ScenarioResult {
  const parsed = scenarioObjectSchema.safeParse(upgradeScenarioV1(input, scenarioSchemaId));
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const issues = crossFieldIssues(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario: parsed.data };
}

/** One line per issue, for a CLI's stderr or a dialog. */
export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}

/** Thrown by APIs that cannot return a result object. */
export class ScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(`invalid scenario:\n${formatIssues(issues)}`);
    this.name = 'ScenarioError';
  }
}

/** Like parseScenario, but throws ScenarioError. */
export function parseScenarioOrThrow(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
}
