import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSessionDocument, parseSessionText } from '../../../core/session/parse-session';
import { SessionError, type SessionErrorCode } from '../../../core/session/session-error';
import { serializeSessionDocument } from '../../../core/session/serialize-session';
import { fixtureText, goldenFiles } from '../../fixtures/sessions/session-fixtures';

const codes: readonly SessionErrorCode[] = ['corrupt', 'newer-version', 'invalid', 'too-large'];
const goldens = [fixtureText(goldenFiles.v0), fixtureText(goldenFiles.v1)];
const outcomes = new Map<string, number>();

/** Loads `input`; only a document (that saves again) or a typed SessionError is acceptable. */
function load(input: () => unknown): void {
  let outcome: string;
  try {
    const doc = input() as Parameters<typeof serializeSessionDocument>[0];
    serializeSessionDocument(doc); // whatever loads must save again
    outcome = 'loaded';
  } catch (error) {
    if (!(error instanceof SessionError)) throw error;
    expect(codes).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(0);
    outcome = error.code;
  }
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

const hostileInsertions = [
  '"__proto__": {"polluted": "yes"},',
  '"constructor": {"prototype": {"polluted": "yes"}},',
  '"prototype": {"polluted": "yes"},',
  '"__proto__": [1, {"polluted": "yes"}],',
  '"schema": "balloon-lab/session@9",',
  '"tick": 1e400,',
  '"n": -1e309,',
  '"n": 123456789012345678901234567890,',
  '"deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],',
];

type Mutation = (text: string) => string;

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (n): Mutation =>
      (t) =>
        t.slice(0, n % (t.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })).map(([n, code]): Mutation => (t) => {
    const i = n % Math.max(1, t.length);
    return t.slice(0, i) + String.fromCharCode(code) + t.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...'{}[]":,0-9.eE\\ntfu'.split(''))).map(([n, ch]): Mutation => (t) => {
    const i = n % Math.max(1, t.length);
    return t.slice(0, i) + ch + t.slice(i);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...hostileInsertions)).map(([n, insertion]): Mutation => (t) => {
    const braces = [...t.matchAll(/\{/g)].map((m) => m.index);
    const at = braces[n % braces.length]! + 1;
    return t.slice(0, at) + insertion + t.slice(at);
  }),
  fc.tuple(fc.nat(), fc.nat(200)).map(([n, len]): Mutation => (t) => {
    const i = n % Math.max(1, t.length);
    return t.slice(0, i) + t.slice(i + len);
  }),
  fc.constantFrom<Mutation>(
    (t) => t.replace(/"tick": \d+/, '"tick": 4294967296'),
    (t) => t.replace(/session@\d/, 'session@2'),
    (t) => t.replace(/"memoryMiB": \d+/, '"memoryMiB": 1e400'),
    (t) => t.replace('"name": "', `"name": "${'w'.repeat(70_000)}`),
  ),
);

let prototypeKeysBefore: string[];
beforeAll(() => {
  prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterAll(() => {
  // A record of what the fuzzer hit, for whoever reads the log.
  console.log('session fuzz outcomes:', Object.fromEntries(outcomes));
});

describe('session loader fuzzing', () => {
  it('survives 8,000 mutated golden files with typed refusals only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...goldens),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        (golden, mutations) => {
          const text = mutations.reduce((t, m) => m(t), golden);
          load(() => parseSessionText(text));
        },
      ),
      { numRuns: 8000, seed: 20260211 },
    );
    expect(outcomes.get('corrupt')).toBeGreaterThan(100);
    expect(outcomes.get('invalid')).toBeGreaterThan(100);
  });

  it('survives 2,000 generated JSON texts and 1,000 arbitrary in-memory values', () => {
    const schemaArb = fc.constantFrom(
      'balloon-lab/session@0',
      'balloon-lab/session@1',
      'balloon-lab/session@7',
      'balloon-lab/scenario@1',
      '',
    );
    const docArb = fc
      .record({ schema: schemaArb }, { requiredKeys: [] })
      .chain((head) =>
        fc
          .dictionary(
            fc.constantFrom(
              'savedIso',
              'app',
              'name',
              'scenario',
              'interventions',
              'tick',
              'uiState',
              'liveEvents',
              '__proto__',
              'x',
            ),
            fc.jsonValue({ maxDepth: 4 }),
          )
          .map((rest) => ({ ...rest, ...head })),
      );
    fc.assert(
      fc.property(
        fc.oneof(
          docArb.map((d) => JSON.stringify(d)),
          fc.json({ maxDepth: 5 }),
          fc.string({ maxLength: 200 }),
        ),
        (text) => {
          load(() => parseSessionText(text));
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
    fc.assert(
      fc.property(
        fc.anything({
          maxDepth: 4,
          withNullPrototype: true,
          withMap: true,
          withDate: true,
          withTypedArray: true,
        }),
        (value) => {
          load(() => parseSessionDocument(value));
        },
      ),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('leaves Object.prototype unpolluted', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
