/** A value a sweep parameter may take: what a scenario field holds (a number, a text, a switch). */
export type SweepValue = number | string | boolean;

/** Which elements of a list a path step goes into. */
export type SweepSelector =
  | { kind: 'all' }
  | { kind: 'index'; index: number }
  /** The element whose `id` field is this (a VM: `vms[app1]`). */
  | { kind: 'id'; id: string };

/** One step of a parameter path: a field, then selectors into the list it holds. */
export interface SweepPathStep {
  key: string;
  selectors: SweepSelector[];
}

/** Longest parameter path, characters. */
export const maxSweepPathLength = 200;

const fieldName = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const idSelector = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const step = /^([^.[\]]+)((?:\[[^[\]]*\])*)$/;
/** Keys that would reach an object's prototype instead of a scenario field. */
const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);
/** Fields a sweep sets otherwise, or that name result columns and so must stay put. */
const notSweepable: Record<string, string> = {
  seed: 'the seeds are set by the sweep\'s "seeds" field',
  schema: 'it names the file format',
  $schema: 'it is only a hint for editors',
};

export type SweepPathResult =
  { ok: true; steps: SweepPathStep[]; text: string } | { ok: false; message: string };

/**
 * Parses a parameter path such as `policy.idleTaxPct`, `vms[*].workload.demandMiB`,
 * `vms[app1].memoryMiB` or `vms[0].shares`: fields separated by dots, each optionally followed
 * by `[*]` (every element), `[n]` (the n-th, from 0) or `[id]` (the element with that id).
 * `text` is the path written back in this canonical form. Refuses ids (`vms[*].id`: VM ids
 * name the result columns), the seed (set by the sweep's seeds) and prototype keys.
 */
export function parseSweepPath(text: string): SweepPathResult {
  if (text.length === 0) return { ok: false, message: 'must not be empty' };
  if (text.length > maxSweepPathLength)
    return { ok: false, message: `must be at most ${maxSweepPathLength} characters long` };
  const steps: SweepPathStep[] = [];
  // A dot inside brackets belongs to an id (vms[db.1]), not between fields.
  for (const part of text.split(/\.(?![^[\]]*\])/)) {
    const m = step.exec(part);
    if (m === null)
      return {
        ok: false,
        message: `"${text}" is not a path: write fields separated by dots, lists as vms[*], vms[0] or vms[app1]`,
      };
    const key = m[1]!;
    if (!fieldName.test(key) || reservedKeys.has(key))
      return { ok: false, message: `"${key}" in "${text}" is not a field name` };
    const selectors: SweepSelector[] = [];
    for (const raw of m[2]!.match(/\[[^[\]]*\]/g) ?? []) {
      const inner = raw.slice(1, -1);
      if (inner === '*') selectors.push({ kind: 'all' });
      else if (/^\d{1,6}$/.test(inner)) selectors.push({ kind: 'index', index: Number(inner) });
      else if (idSelector.test(inner)) selectors.push({ kind: 'id', id: inner });
      else
        return {
          ok: false,
          message: `"${raw}" in "${text}" must be [*], an index such as [0] or an id such as [app1]`,
        };
    }
    steps.push({ key, selectors });
  }
  const first = steps[0]!;
  const why = steps.length === 1 && first.selectors.length === 0 ? notSweepable[first.key] : undefined;
  if (why !== undefined) return { ok: false, message: `"${text}" cannot be swept: ${why}` };
  const last = steps[steps.length - 1]!;
  if (last.selectors.length > 0)
    return { ok: false, message: `"${text}" must end with a field, such as ${last.key}[*].memoryMiB` };
  if (last.key === 'id')
    return { ok: false, message: `"${text}" cannot be swept: ids name the result columns` };
  return { ok: true, steps, text: formatSweepPath(steps) };
}

/** Writes parsed steps back as a path (`vms[*].workload.demandMiB`). */
export function formatSweepPath(steps: readonly SweepPathStep[]): string {
  return steps.map((s) => s.key + s.selectors.map(selectorText).join('')).join('.');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function selectorText(sel: SweepSelector): string {
  return sel.kind === 'all' ? '[*]' : sel.kind === 'index' ? `[${sel.index}]` : `[${sel.id}]`;
}

/** The elements of `list` a selector picks, or why none. */
function select(list: unknown, sel: SweepSelector, where: string): unknown[] | string {
  if (!Array.isArray(list)) return `${where} is not a list, so ${selectorText(sel)} cannot apply`;
  if (sel.kind === 'all') return list.length > 0 ? list : `${where} is empty, so [*] matches nothing`;
  if (sel.kind === 'index')
    return sel.index < list.length
      ? [list[sel.index]]
      : `${where} has ${list.length} entr${list.length === 1 ? 'y' : 'ies'}, so [${sel.index}] matches nothing`;
  const found = list.filter((e) => isRecord(e) && e['id'] === sel.id);
  if (found.length > 0) return found;
  const ids = list.flatMap((e) => (isRecord(e) && typeof e['id'] === 'string' ? [e['id']] : []));
  return `${where} has no entry with id "${sel.id}"${ids.length > 0 ? ` (ids: ${ids.slice(0, 20).join(', ')})` : ''}`;
}

/** Why `value`, reached at `where`, cannot hold fields; null when it can. */
function notAnObject(value: unknown, where: string): string | null {
  if (isRecord(value)) return null;
  if (Array.isArray(value))
    return `${where} is a list: pick entries with ${where}[*], ${where}[0] or ${where}[<id>]`;
  return `${where} is ${JSON.stringify(value) ?? String(value)}, not an object with fields`;
}

/**
 * Sets `value` at `steps` in `doc` (a scenario object with its defaults applied), in place.
 * Every field on the way must exist; the last one may be new (the scenario's validation then
 * names it if it is unknown). Returns null, or a sentence saying where the path leads nowhere.
 */
export function setAtSweepPath(
  doc: Record<string, unknown>,
  steps: readonly SweepPathStep[],
  value: SweepValue,
): string | null {
  let targets: Record<string, unknown>[] = [doc];
  let where = '';
  for (const [i, s] of steps.entries()) {
    if (i === steps.length - 1) {
      for (const t of targets) t[s.key] = value;
      return null;
    }
    const missing = targets.some((t) => !Object.hasOwn(t, s.key));
    if (missing) return `${where === '' ? 'the scenario' : where} has no field "${s.key}"`;
    where = where === '' ? s.key : `${where}.${s.key}`;
    let next: unknown[] = targets.map((t) => t[s.key]);
    for (const sel of s.selectors) {
      const picked: unknown[] = [];
      for (const list of next) {
        const r = select(list, sel, where);
        if (typeof r === 'string') return r;
        picked.push(...r);
      }
      next = picked;
      where += selectorText(sel);
    }
    for (const n of next) {
      const why = notAnObject(n, where);
      if (why !== null) return why;
    }
    targets = next as Record<string, unknown>[];
  }
  return null;
}
