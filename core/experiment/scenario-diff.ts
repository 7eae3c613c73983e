/**
 * What differs between the scenarios of runs being compared, so that a legend can name each
 * run by its differences ("policy: esx vs kvm-mom", "idleTaxPct: 0 vs 75") instead of by a
 * file name. Pure: plain JSON in, plain data out.
 */

/** One difference: a path into the scenarios and the value each scenario has there. */
export interface ScenarioDifference {
  /** Full path, e.g. `policy.kind`, `vms[web].workload.demandMiB`. */
  path: string;
  /** The shortest suffix of the path that is still unambiguous among the differences. */
  label: string;
  /** One formatted value per scenario, in the order given; `absent` where it has none. */
  values: string[];
}

/** Root fields that describe a scenario rather than change its run. */
const descriptiveRootKeys = new Set(['$schema', 'schema', 'name', 'description']);
/** Last path segments that say nothing alone ("enabled: true vs false"): shown with their parent. */
const vagueNames = new Set(['enabled', 'scope', 'kind', 'type', 'value', 'values', 'points']);
/** A value longer than this is shown shortened. */
const maxValueChars = 40;

export const absentValue = 'absent';

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array whose elements all are objects with distinct string ids (VMs): compared by id. */
function idKeyed(value: Json): value is Record<string, Json>[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  const ids = new Set<string>();
  for (const item of value) {
    if (!isRecord(item) || typeof item['id'] !== 'string' || ids.has(item['id'])) return false;
    ids.add(item['id']);
  }
  return true;
}

function same(values: readonly Json[]): boolean {
  const first = JSON.stringify(values[0]);
  return values.every((v) => JSON.stringify(v) === first);
}

/** A value as a legend shows it: strings bare, numbers as written, objects as short JSON. */
export function formatDiffValue(value: Json): string {
  if (value === undefined) return absentValue;
  if (typeof value === 'string')
    return value.length > maxValueChars ? `${value.slice(0, maxValueChars - 1)}…` : value;
  if (isRecord(value) && typeof value['id'] === 'string') return value['id'];
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxValueChars ? `${text.slice(0, maxValueChars - 1)}…` : text;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function walk(values: readonly Json[], path: string, out: { path: string; values: Json[] }[]): void {
  if (same(values)) return;
  // A tagged object whose tag differs (policy.kind) is a different thing: the tag says it all.
  if (values.every(isRecord) && 'kind' in (values[0] as object)) {
    const kinds = values.map((v) => (v as Record<string, Json>)['kind']);
    if (!same(kinds)) {
      out.push({ path: join(path, 'kind'), values: kinds });
      return;
    }
  }
  if (values.every(isRecord)) {
    const keys = new Set<string>();
    for (const v of values) for (const k of Object.keys(v as object)) keys.add(k);
    for (const key of [...keys].sort()) {
      if (path === '' && descriptiveRootKeys.has(key)) continue;
      walk(
        values.map((v) => (v as Record<string, Json>)[key]),
        join(path, key),
        out,
      );
    }
    return;
  }
  if (values.every(idKeyed)) {
    const ids: string[] = [];
    for (const v of values)
      for (const item of v) if (!ids.includes(item['id'] as string)) ids.push(item['id'] as string);
    for (const id of ids.sort()) {
      const items = values.map((v) => v.find((item) => item['id'] === id));
      const itemPath = `${path}[${id}]`;
      // A VM that only some scenarios have: say so instead of listing its every field.
      if (items.some((i) => i === undefined)) {
        out.push({ path: itemPath, values: items.map((i) => (i === undefined ? undefined : 'present')) });
      } else walk(items, itemPath, out);
    }
    return;
  }
  if (
    values.every(Array.isArray) &&
    values.every((v) => (v as Json[]).length === (values[0] as Json[]).length)
  ) {
    const length = (values[0] as Json[]).length;
    if (length > 0 && values.every((v) => (v as Json[]).every(isRecord))) {
      for (let i = 0; i < length; i += 1)
        walk(
          values.map((v) => (v as Json[])[i]),
          `${path}[${i}]`,
          out,
        );
      return;
    }
  }
  out.push({ path, values: [...values] });
}

/** Path segments: `vms[web].workload.demandMiB` -> `vms[web]`, `workload`, `demandMiB`. */
function segments(path: string): string[] {
  return path.split('.');
}

function suffix(path: string, count: number): string {
  const parts = segments(path);
  return parts.slice(Math.max(0, parts.length - count)).join('.');
}

/** `policy.kind` -> `policy`: the tag names the thing. */
function displayPath(path: string): string {
  return path.endsWith('.kind') ? path.slice(0, -'.kind'.length) : path;
}

function labelsOf(paths: readonly string[]): string[] {
  const shown = paths.map(displayPath);
  return shown.map((path) => {
    const total = segments(path).length;
    for (let count = 1; count <= total; count += 1) {
      const candidate = suffix(path, count);
      const last = segments(candidate)[0] ?? '';
      if (count < total && (vagueNames.has(last) || /^\[/.test(last) || /\[\d+\]$/.test(last))) continue;
      if (shown.filter((p) => p === candidate || p.endsWith(`.${candidate}`)).length === 1) return candidate;
    }
    return path;
  });
}

/**
 * Every leaf where the scenarios differ, in path order. Objects are compared key by key,
 * lists of objects with ids (VMs) by id, other lists as a whole; a tagged object whose `kind`
 * differs is reported once by its kind. The scenario's name and description are left out.
 */
export function scenarioDifferences(scenarios: readonly Json[]): ScenarioDifference[] {
  if (scenarios.length < 2) return [];
  const raw: { path: string; values: Json[] }[] = [];
  walk(scenarios, '', raw);
  const labels = labelsOf(raw.map((r) => r.path));
  return raw.map((r, i) => ({
    path: r.path,
    label: labels[i] ?? r.path,
    values: r.values.map(formatDiffValue),
  }));
}

/** "policy: esx vs kvm-mom": one line per difference, values in run order, repeats kept out. */
export function describeDifference(diff: ScenarioDifference): string {
  const distinct = diff.values.filter((v, i) => diff.values.indexOf(v) === i);
  return `${diff.label}: ${distinct.join(' vs ')}`;
}

/**
 * The name of each run in a legend: its values of the first `maxParts` differences
 * ("policy: esx, idleTaxPct: 75"), or `fallback(i)` when the scenarios do not differ.
 */
export function runLabels(
  scenarios: readonly Json[],
  fallback: (index: number) => string,
  maxParts = 2,
): string[] {
  const diffs = scenarioDifferences(scenarios);
  return scenarios.map((_, i) => {
    if (diffs.length === 0) return fallback(i);
    const parts = diffs.slice(0, maxParts).map((d) => `${d.label}: ${d.values[i] ?? absentValue}`);
    const more = diffs.length - maxParts;
    return more > 0 ? `${parts.join(', ')} (+${more})` : parts.join(', ');
  });
}
