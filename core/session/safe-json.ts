import { SessionError } from './session-error';

/** Bounds on untrusted JSON, checked before any schema sees the data. */
export interface JsonLimits {
  /** Longest accepted text, UTF-16 code units (about bytes for ASCII JSON). */
  maxChars: number;
  /** Deepest accepted nesting of objects and arrays. */
  maxDepth: number;
  /** Longest accepted string value or key, UTF-16 code units. */
  maxStringChars: number;
  /** Largest accepted magnitude of a number; also refuses non-finite values. */
  maxAbsNumber: number;
}

/**
 * Largest session file, in bytes of UTF-8, for the saver and the loader alike: a session is
 * only saved if it can be loaded again (see serializeSessionDocument).
 */
export const maxSessionFileBytes = 64 * 1024 * 1024;

/** 64 MiB of text; sessions nest about 8 levels, so 64 leaves ample room for UI state. */
export const defaultJsonLimits: Readonly<JsonLimits> = {
  maxChars: maxSessionFileBytes,
  maxDepth: 64,
  maxStringChars: 1024 * 1024,
  maxAbsNumber: Number.MAX_SAFE_INTEGER,
};

/** Keys that would reach Object.prototype when a parsed object is later merged or assigned. */
const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const refusedSummary = 'Refused: the file holds data that a Balloon Lab file never contains:';

interface PathLink {
  parent: PathLink | null;
  key: string | number;
}

const plainKey = /^[A-Za-z_$][\w$-]*$/;

function renderPath(link: PathLink | null): string {
  const keys: (string | number)[] = [];
  for (let l = link; l !== null; l = l.parent) keys.push(l.key);
  let out = '';
  for (const key of keys.reverse()) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!plainKey.test(key))
      out += `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}...` : key)}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out === '' ? '(root)' : out;
}

function refuse(link: PathLink | null, message: string): SessionError {
  return SessionError.invalid(refusedSummary, [{ path: renderPath(link), message }]);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Rejects anything a plain JSON document would not contain or that could be used
 * against the code consuming it: forbidden keys, non-finite or huge numbers, over-long
 * strings, nesting beyond the limit, non-plain objects. Walks iteratively, so hostile
 * depth cannot exhaust the call stack; `undefined` properties are tolerated for
 * in-memory callers.
 */
export function assertSafeJson(value: unknown, limits: Readonly<JsonLimits> = defaultJsonLimits): void {
  const stack: Array<{ value: unknown; depth: number; link: PathLink | null }> = [
    { value, depth: 0, link: null },
  ];
  while (stack.length > 0) {
    const { value: v, depth, link } = stack.pop()!;
    switch (typeof v) {
      case 'string':
        if (v.length > limits.maxStringChars)
          throw refuse(link, `string of ${v.length} characters is longer than ${limits.maxStringChars}`);
        continue;
      case 'number':
        if (!Number.isFinite(v)) throw refuse(link, 'number is not finite');
        if (Math.abs(v) > limits.maxAbsNumber)
          throw refuse(link, `number ${v} is out of range (at most ${limits.maxAbsNumber} in magnitude)`);
        continue;
      case 'boolean':
      case 'undefined':
        continue;
      case 'object':
        break;
      default:
        throw refuse(link, `a ${typeof v} is not a JSON value`);
    }
    if (v === null) continue;
    if (depth >= limits.maxDepth) throw refuse(link, `nested more than ${limits.maxDepth} levels deep`);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], depth: depth + 1, link: { parent: link, key: i } });
      continue;
    }
    if (!isPlainObject(v)) throw refuse(link, 'not a plain JSON object');
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child: PathLink = { parent: link, key };
      if (forbiddenKeys.has(key))
        throw refuse(child, 'this key is not allowed (prototype pollution attempt?)');
      if (key.length > limits.maxStringChars)
        throw refuse(link, `key of ${key.length} characters is longer than ${limits.maxStringChars}`);
      stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1, link: child });
    }
  }
}

/**
 * Refuses nesting deeper than `maxDepth` by a linear scan before JSON.parse, so neither
 * the parser nor later recursive code sees a hostile structure.
 */
function assertDepthWithin(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  // The next backslash and quote at or after the scan, each searched again only once passed:
  // searching anew at every escape would make a string full of them quadratic (a hostile file).
  let nextSlash = -1;
  let nextQuote = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      else {
        // Long strings (a @1 session's base64 pieces) are crossed at once up to their next quote or backslash.
        if (nextSlash < i) nextSlash = text.indexOf('\\', i) >>> 0; // none left: past any index
        if (nextQuote < i) nextQuote = text.indexOf('"', i);
        if (nextQuote < 0) break;
        i = Math.min(nextQuote, nextSlash) - 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) {
        throw SessionError.invalid(refusedSummary, [
          { path: `(character ${i})`, message: `nested more than ${maxDepth} levels deep` },
        ]);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Parses untrusted JSON text within `limits`. Throws SessionError: 'too-large' over
 * maxChars, 'corrupt' when the text is not JSON (empty, truncated, garbage), 'invalid'
 * when it is JSON that breaks a limit. Never returns a value holding forbidden keys.
 */
export function parseJsonText(text: string, limits: Readonly<JsonLimits> = defaultJsonLimits): unknown {
  if (text.length > limits.maxChars) {
    throw new SessionError(
      'too-large',
      `Refused: ${text.length} characters is more than the limit of ${limits.maxChars}.`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new SessionError('corrupt', 'Corrupt: the file is empty.');
  assertDepthWithin(body, limits.maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SessionError(
      'corrupt',
      `Corrupt: not valid JSON (${reason}); the file may be truncated or damaged.`,
    );
  }
  assertSafeJson(value, limits);
  return value;
}
