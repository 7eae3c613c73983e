/** Longest VM id a scenario accepts (core/scenario/vm-schema.ts). */
const maxIdLength = 32;

/**
 * Scenario ids for trace names: characters an id may not hold become `-`, runs of them one, an
 * id that would not start with a letter or digit gets a `vm-` prefix, long names are cut to 32
 * characters, and a name that collides gets `-2`, `-3`, ... (the name itself stays the VM's
 * display name).
 */
export function vmIdsOf(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let base = name
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-_.]+|[-_.]+$/g, '');
    if (!/^[A-Za-z0-9]/.test(base)) base = `vm-${base}`.replace(/-$/, '');
    base = base.slice(0, maxIdLength);
    let id = base;
    for (let n = 2; used.has(id); n++) {
      const suffix = `-${n}`;
      id = `${base.slice(0, maxIdLength - suffix.length)}${suffix}`;
    }
    used.add(id);
    return id;
  });
}
