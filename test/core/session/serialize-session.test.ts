import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSessionText } from '../../../core/session/parse-session';
import { SessionError } from '../../../core/session/session-error';
import type { SessionDocument } from '../../../core/session/session-schema';
import { serializeSessionDocument } from '../../../core/session/serialize-session';
import { fixtureText, goldenFiles, sampleSession } from '../../fixtures/sessions/session-fixtures';

const forbidden = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON a session may hold in uiState: no forbidden keys, safe numbers. */
function sanitize(value: unknown): unknown {
  if (typeof value === 'number') return Math.abs(value) < 1e9 ? value : 0;
  if (Array.isArray(value)) return value.map(sanitize);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !forbidden.has(k))
      .map(([k, v]) => [k, sanitize(v)]),
  );
}

const uiStateArb = fc
  .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
  .map((d) => sanitize(d) as Record<string, unknown>);

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!).reverse();
  return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, seed)]));
}

const base = sampleSession();
const sessionArb = fc
  .record({
    name: fc.string({ maxLength: 200 }),
    savedMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    keep: fc.integer({ min: 0, max: base.interventions.length }),
    tick: fc.integer({ min: 1100, max: 3600 }),
    uiState: uiStateArb,
    digest: fc.stringMatching(/^[0-9a-f]{0,32}$/),
  })
  .map((r): SessionDocument => ({
    ...base,
    name: r.name,
    savedIso: new Date(r.savedMs).toISOString(),
    interventions: base.interventions.slice(0, r.keep),
    tick: r.tick,
    uiState: r.uiState,
    stateDigest: r.digest,
  }));

describe('serializeSessionDocument', () => {
  it('reproduces the @2 golden file byte for byte, and writes the @1 one as it', () => {
    const text = fixtureText(goldenFiles.v2);
    expect(serializeSessionDocument(parseSessionText(text))).toBe(text);
    expect(serializeSessionDocument(parseSessionText(fixtureText(goldenFiles.v1)))).toBe(text);
  });

  it('round-trips any valid session, byte-identically, whatever the key order', () => {
    fc.assert(
      fc.property(sessionArb, fc.integer({ min: 1, max: 7 }), (doc, seed) => {
        const text = serializeSessionDocument(doc);
        const loaded = parseSessionText(text);
        expect(serializeSessionDocument(loaded)).toBe(text);
        expect(loaded.name).toBe(doc.name);
        expect(loaded.tick).toBe(doc.tick);
        expect(loaded.interventions).toEqual(doc.interventions);
        expect(loaded.uiState).toEqual(JSON.parse(JSON.stringify(doc.uiState)));
        expect(serializeSessionDocument(shuffleKeys(doc, seed) as SessionDocument)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('puts the header fields first and ends with a newline', () => {
    const text = serializeSessionDocument(base);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'schema',
      'savedIso',
      'app',
      'name',
      'tick',
      'stateDigest',
      'scenario',
      'interventions',
      'uiState',
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(100); // indented: diffs line by line
  });

  it('refuses to serialize a document it could not load again', () => {
    const bad = [
      { ...base, tick: -1 },
      { ...base, uiState: { when: new Date(0) } },
      { ...base, uiState: JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown> },
      { ...base, interventions: [{ tick: 5, intervention: { vm: 'nobody', power: 'on' as const } }] },
    ];
    for (const doc of bad) {
      expect(() => serializeSessionDocument(doc)).toThrow(SessionError);
    }
  });
});
