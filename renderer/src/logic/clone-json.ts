/**
 * Deep copy of JSON data. Unlike structuredClone it accepts Vue reactive proxies, which
 * the editor's draft is made of.
 */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
