/**
 * Names the bridge accepts for sessions and exports in its data folder. The Node side checks
 * the same rule (electron/services/lab/data-folder.ts); checking here lets the dialog say so
 * before the request is made.
 */
const safeName = /^[\p{L}\p{N}][\p{L}\p{N} _.,()+-]{0,99}$/u;

/** Why a name would be refused, or null when it is fine. */
export function nameProblem(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Enter a name.';
  if (n.length > 100) return 'At most 100 characters.';
  if (!safeName.test(n) || n.includes('..'))
    return 'Use letters, digits, spaces and - _ . , ( ) + only, starting with a letter or digit.';
  return null;
}

/** A suggestion derived from free text (a session name with colons, say). */
export function toSafeName(text: string, fallback = 'session'): string {
  const cleaned = text
    .normalize('NFC')
    // "Basics: host" reads better as "Basics - host" than "Basics- host".
    .replace(/ *[^\p{L}\p{N} _.,()+-]+ +/gu, ' - ')
    .replace(/[^\p{L}\p{N} _.,()+-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/\.+$/, '')
    .replace(/\.{2,}/g, '.')
    .slice(0, 100)
    .trim();
  return cleaned === '' ? fallback : cleaned;
}
