/**
 * One column name of esxtop batch output (perfmon CSV): `\\host\Object(instance)\Counter`, or
 * `\\host\Object\Counter` for host-wide objects. The instance of a `Group Memory` column is
 * `GID:name`, where a VM's name may hold spaces, dots and parentheses of its own: the counter
 * starts after the last `)\`, the instance runs from the first `(` to that `)`.
 */
export interface EsxtopColumn {
  object: string;
  instance: string | null;
  counter: string;
}

/** Splits a column name; null for a name that is not `\\host\...\Counter`. */
export function parseEsxtopColumn(name: string): EsxtopColumn | null {
  if (!name.startsWith('\\\\')) return null;
  const hostEnd = name.indexOf('\\', 2);
  if (hostEnd < 0) return null;
  const rest = name.slice(hostEnd + 1);
  const close = rest.lastIndexOf(')\\');
  if (close >= 0) {
    const open = rest.indexOf('(');
    if (open < 0 || open > close) return null;
    return {
      object: rest.slice(0, open),
      instance: rest.slice(open + 1, close),
      counter: rest.slice(close + 2),
    };
  }
  const sep = rest.indexOf('\\');
  if (sep < 0) return null;
  return { object: rest.slice(0, sep), instance: null, counter: rest.slice(sep + 1) };
}

/** Group Memory counters the import reads, by the field they feed. */
export const groupCounters = {
  'Memory Size MBytes': 'memsz',
  'Touched MBytes': 'demand',
  '% Active Estimate': 'activePct',
  'Memctl MBytes': 'mctlsz',
  'Swapped MBytes': 'swcur',
  'Compressed Memory MBytes': 'zip',
  'Shared Saved MBytes': 'shrdsvd',
  'Target Size MBytes': 'sztgt',
} as const;

/** Host `Memory` counters the import reads. Esxtop versions name the free-memory state differently. */
export const hostCounters = {
  'Machine MBytes': 'machine',
  'Free MBytes': 'free',
  'Memory State': 'state',
  'Free Memory State': 'state',
  'Kernel State': 'state',
} as const;

/**
 * VMkernel resource pools that have a `Group Memory` entry but are not VMs. User worlds
 * (`hostd.2098`, `vpxa.3412`) are recognised by their `<process>.<pid>` name instead.
 */
export const systemGroupNames: ReadonlySet<string> = new Set([
  'system',
  'vim',
  'iofilters',
  'user',
  'helper',
  'idle',
  'drivers',
  'ft',
  'vmotion',
  'host',
]);

/** `hostd.2098`: a user world, not a VM. */
const userWorldName = /^[a-z][a-z0-9_-]*\.\d+$/;

/** The documented rule: a Group Memory group is a VM unless it is a VMkernel pool or a user world. */
export function isSystemGroup(name: string): boolean {
  return systemGroupNames.has(name) || userWorldName.test(name);
}

/** Splits a `GID:name` instance; the name keeps every later colon. */
export function splitGroupInstance(instance: string): { gid: string; name: string } {
  const colon = instance.indexOf(':');
  return colon < 0
    ? { gid: '', name: instance }
    : { gid: instance.slice(0, colon), name: instance.slice(colon + 1) };
}

/** `MM/DD/YYYY HH:MM:SS` (esxtop's UTC time stamps) as seconds since 1970; NaN if it is not one. */
export function parseEsxtopTime(text: string): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text);
  if (m === null) return NaN;
  const [month, day, year, h, min, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return NaN;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  return Date.UTC(year, month - 1, day, h, min, s) / 1000 + fraction;
}
