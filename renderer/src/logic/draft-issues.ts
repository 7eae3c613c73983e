import { parseScenario, type ScenarioResult } from '../../../core/scenario/parse-scenario';
import type { ScenarioIssue } from '../../../core/scenario/scenario-checks';
import { cloneJson } from './clone-json';
import { issueInWords } from './issue-words';

/** `vms[2].workload.demandMiB` as keys; null for a path that names no field. */
function pathKeys(path: string): (string | number)[] | null {
  if (path === '(root)' || path === '') return null;
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    if (m[1]) keys.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

function holder(root: unknown, keys: readonly (string | number)[]): Record<string | number, unknown> | null {
  let at: unknown = root;
  for (const key of keys.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return null;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>) : null;
}

/**
 * Every problem of an edited scenario, in the editor's words. The schema stops at a field of the
 * wrong type (text typed into a number) before it checks fields against each other, so a
 * reservation above the VM's memory would lose its message while another field holds text: the
 * cross-field checks run again on a copy with each mistyped field back at its `baseline` value.
 * `first` is the draft's own check when the caller has it already (the editor checks every edit).
 */
export function draftIssues(
  draft: unknown,
  baseline: unknown,
  first: ScenarioResult = parseScenario(cloneJson(draft)),
): ScenarioIssue[] {
  if (first.ok) return [];
  const repaired = cloneJson(draft);
  let changed = false;
  for (const issue of first.issues) {
    const keys = pathKeys(issue.path);
    if (keys === null) continue;
    const target = holder(repaired, keys);
    const source = holder(baseline, keys);
    const key = keys[keys.length - 1]!;
    if (target === null || source === null || !(key in source)) continue;
    const value = source[key];
    if (value === undefined) delete target[key];
    else target[key] = cloneJson(value);
    changed = true;
  }
  const seen = new Set(first.issues.map((i) => i.path));
  const again = changed ? parseScenario(repaired) : first;
  const more = again.ok ? [] : again.issues.filter((i) => !seen.has(i.path));
  return [...first.issues, ...more].map((i) => ({ ...i, message: issueInWords(i.message) }));
}
