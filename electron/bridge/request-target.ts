import { posix } from 'node:path';

/** A request target reduced to what the bridge routes on. */
export interface RequestTarget {
  /**
   * The path percent-decoded once and normalised (`.`, `..` and repeated slashes resolved):
   * `/index%2ehtml`, `//index.html` and `/assets/../index.html` all become `/index.html`.
   */
  path: string;
  /** The `token` query parameter, or null. */
  token: string | null;
}

/** Longer targets are refused before any decoding: no route needs more than a file name. */
export const maxRequestTargetChars = 4096;

// Control characters and the backslash (a separator on Windows) never name a file we serve.
const forbiddenInPath = /[\u0000-\u001f\u007f\\]/;

function tokenOfQuery(query: string): string | null {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key !== 'token') continue;
    try {
      return decodeURIComponent(eq === -1 ? '' : pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Parses the raw target of an HTTP request line (`req.url`) without ever throwing: null for
 * anything that is not an origin-form path (`*`, `http://x/`, `//[`-style hosts, bad
 * percent-encoding, control characters, over-long targets). Only the normalised result may be
 * routed on, so an encoded or dotted spelling cannot reach a file by another route.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxRequestTargetChars) return null;
  if (raw.charCodeAt(0) !== 0x2f || raw.includes('#')) return null;
  const q = raw.indexOf('?');
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (forbiddenInPath.test(decoded)) return null;
  const path = posix.normalize(decoded);
  if (!path.startsWith('/')) return null;
  return { path, token: q === -1 ? null : tokenOfQuery(raw.slice(q + 1)) };
}
