import { describe, expect, it } from 'vitest';
import { scenarioV1Pins } from '../../../core/scenario/scenario-migration';
import { parseSessionDocument, parseSessionText } from '../../../core/session/parse-session';
import { SessionError } from '../../../core/session/session-error';
import { sessionSchemaId } from '../../../core/session/session-schema';
import { fixtureText, goldenFiles, sampleSession } from '../../fixtures/sessions/session-fixtures';

function refusal(text: string): SessionError {
  try {
    parseSessionText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionError);
    return error as SessionError;
  }
  throw new Error('expected the session to be refused');
}

const v1Text = fixtureText(goldenFiles.v1);
const v2Text = fixtureText(goldenFiles.v2);
const v0Text = fixtureText(goldenFiles.v0);

describe('golden session files', () => {
  it('loads the @1 and @2 golden files with every field as saved', () => {
    const doc = parseSessionText(v1Text);
    expect(parseSessionText(v2Text)).toEqual(doc);
    expect(doc.schema).toBe(sessionSchemaId);
    expect(doc.savedIso).toBe('2026-02-11T09:30:00.000Z');
    expect(doc.app).toEqual({ version: '0.1.0', engineVersion: '1.0.0' });
    expect(doc.name).toBe('Balloon vs swap, half way');
    expect(doc.tick).toBe(1225);
    expect(doc.stateDigest).toBe('fnv1a64:3f2a9c0d17e4b5a8');
    expect(doc.scenario.seed).toBe(7);
    expect(doc.scenario.tickMs).toBe(500);
    expect(doc.scenario.vms.map((vm) => [vm.id, vm.memoryMiB, vm.reservationMiB, vm.shares])).toEqual([
      ['web1', 4096, 0, 'normal'],
      ['db1', 8192, 1024, 'high'],
    ]);
    expect(doc.interventions.map((i) => [i.tick, i.intervention.vm])).toEqual([
      [240, 'web1'],
      [601, 'db1'],
      [1100, 'db1'],
    ]);
    expect(doc.interventions[1]!.intervention.set).toEqual({ balloonDriver: 'stuck' });
    expect(doc.interventions[2]!.intervention).toEqual({ vm: 'db1', power: 'off' });
    expect(doc.uiState).toEqual({
      selectedVm: 'db1',
      panels: { log: true, charts: ['host-free', 'perf-index'] },
    });
  });

  it('migrates the @0 golden file to the same session, minus what @0 never recorded', () => {
    const migrated = parseSessionText(v0Text);
    const native = parseSessionText(v1Text);
    // The @0 file predates balloon models, large pages and the progressive tax: it keeps what it ran with.
    const { host, policy, vms } = native.scenario;
    expect(migrated).toEqual({
      ...native,
      scenario: {
        ...native.scenario,
        host: { ...host, largePages: false },
        policy: {
          ...policy,
          idleTaxType: 'flat',
          pageSharing: { ...policy.pageSharing, rateMaxPagesPerS: scenarioV1Pins.shareRateMaxPagesPerS },
        },
        vms: vms.map((vm) => ({ ...vm, balloonModel: 'vmw-legacy' })),
      },
      savedIso: '2025-11-03T14:21:09.512Z',
      app: { version: '0.4.2', engineVersion: '' },
      stateDigest: '',
    });
  });

  it('turns @0 seconds into ticks of the scenario tick length', () => {
    const v0 = JSON.parse(v0Text) as Record<string, unknown>;
    const doc = parseSessionDocument({
      ...v0,
      currentTimeS: 10,
      liveEvents: [{ atS: 2.5, vm: 'web1', power: 'off' }],
    });
    expect(doc.tick).toBe(20); // tickMs 500
    expect(doc.interventions).toEqual([{ tick: 5, intervention: { vm: 'web1', power: 'off' } }]);
  });

  it('names the @0 field when an @0 file is invalid', () => {
    const v0 = JSON.parse(v0Text) as Record<string, unknown>;
    const error = refusal(JSON.stringify({ ...v0, liveEvents: [{ atS: -1, vm: 'web1', power: 'off' }] }));
    expect(error.code).toBe('invalid');
    expect(error.issues.map((i) => i.path)).toEqual(['liveEvents[0].atS']);
    expect(error.message).toContain('balloon-lab/session@0');
  });
});

describe('refusals', () => {
  it('refuses a newer format with a message saying so', () => {
    for (const version of [3, 4, 17]) {
      const error = refusal(v2Text.replace(sessionSchemaId, `balloon-lab/session@${version}`));
      expect(error.code).toBe('newer-version');
      expect(error.message).toMatch(/made by a newer Balloon Lab 0\.1\.0/);
      expect(error.message).toContain(`session@${version}`);
    }
  });

  it('refuses truncated and non-JSON text as corrupt', () => {
    for (const text of [
      v2Text.slice(0, v2Text.length / 2),
      v2Text.slice(0, 1),
      'PK\u0003\u0004binary',
      '   ',
      '',
    ]) {
      expect(refusal(text).code).toBe('corrupt');
    }
  });

  it('refuses documents that are not sessions, naming the schema field', () => {
    for (const json of [[], 42, 'x', null, { schema: 'balloon-lab/scenario@1' }, {}]) {
      const error = refusal(JSON.stringify(json));
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(/Not a Balloon Lab session/);
    }
  });

  it('names the field path and reason of wrong types and impossible values', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of parsed JSON
    type Json = Record<string, any>;
    const doc = JSON.parse(v2Text) as Json;
    const cases: Array<[mutate: (d: Json) => void, path: string]> = [
      [(d) => (d.tick = '1225'), 'tick'],
      [(d) => (d.tick = -1), 'tick'],
      [(d) => (d.tick = 99_999), 'tick'],
      [(d) => (d.savedIso = 'yesterday'), 'savedIso'],
      [(d) => (d.app.version = 1), 'app.version'],
      [(d) => (d.scenario.vms[1].memoryMiB = 'big'), 'scenario.vms[1].memoryMiB'],
      [(d) => (d.scenario.vms[1].reservationMiB = 9000), 'scenario.vms[1].reservationMiB'],
      [(d) => (d.interventions[0].tick = 700), 'interventions[1].tick'],
      [(d) => (d.interventions[2].intervention.vm = 'ghost'), 'interventions[2].intervention.vm'],
      [
        (d) => (d.interventions[0].intervention.set.workload.kind = 'party'),
        'interventions[0].intervention.set.workload.kind',
      ],
      [(d) => (d.uiState = []), 'uiState'],
      [(d) => (d.extra = true), 'extra'],
      [(d) => delete d.stateDigest, 'stateDigest'],
    ];
    for (const [mutate, path] of cases) {
      const copy = structuredClone(doc);
      mutate(copy);
      const error = refusal(JSON.stringify(copy));
      expect(error.code, path).toBe('invalid');
      expect(
        error.issues.map((i) => i.path),
        path,
      ).toContain(path);
      expect(error.message, path).toContain(path);
    }
  });

  it('refuses hostile structures without touching Object.prototype', () => {
    const hostile = [
      v2Text.replace('"uiState": {', '"uiState": {"__proto__": {"polluted": "yes"},'),
      v2Text.replace('"uiState": {', '"uiState": {"constructor": {"prototype": {"polluted": "yes"}},'),
      v2Text.replace('"app": {', '"app": {"__proto__": {"polluted": "yes"},'),
      `{"__proto__": {"polluted": "yes"}, "schema": "${sessionSchemaId}"}`,
    ];
    for (const text of hostile) {
      const error = refusal(text);
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(/not allowed/);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses non-finite and out-of-range numbers, deep nesting and giant strings', () => {
    const cases: Array<[string, RegExp]> = [
      [v2Text.replace('"tick": 1225', '"tick": 1e400'), /tick: number is not finite/],
      [v2Text.replace('"tick": 1225', '"tick": -1e400'), /tick: number is not finite/],
      [
        v2Text.replace('"uiState": {', '"uiState": {"n": 1e300,'),
        /uiState\.n: number 1e\+300 is out of range/,
      ],
      [
        v2Text.replace('"uiState": {', `"uiState": {"deep": ${'['.repeat(100_000)}${']'.repeat(100_000)},`),
        /nested more than 64 levels/,
      ],
      [
        v2Text.replace(
          '"uiState": {',
          `"uiState": {"deep": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},`,
        ),
        /nested more than 64 levels/,
      ],
      [
        v2Text.replace('"uiState": {', `"uiState": {"s": "${'x'.repeat(2_000_000)}",`),
        /uiState\.s: string of 2000000 characters/,
      ],
      [
        v2Text.replace('"uiState": {', `"uiState": {"${'k'.repeat(2_000_000)}": 1,`),
        /key of 2000000 characters/,
      ],
    ];
    for (const [text, message] of cases) {
      const error = refusal(text);
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(message);
    }
  });

  it('refuses text over the size limit before parsing it', () => {
    const limits = { maxChars: 4096, maxDepth: 64, maxStringChars: 1000, maxAbsNumber: 1e9 };
    // Corrupt and too deep as well: 'too-large' proves the size was checked first.
    const garbage = `${'['.repeat(100)}${'x'.repeat(5000)}`;
    try {
      parseSessionText(garbage, limits);
      expect.unreachable();
    } catch (e) {
      expect((e as SessionError).code).toBe('too-large');
    }
    expect(() => parseSessionText(garbage.slice(0, 4000), limits)).toThrow(/nested more than 64 levels/);
  });

  it('accepts in-memory documents and refuses non-JSON values in them', () => {
    const doc = sampleSession();
    expect(parseSessionDocument(doc)).toEqual(doc);
    const withDate = { ...doc, uiState: { when: new Date(0) } };
    expect(() => parseSessionDocument(withDate)).toThrow(/uiState\.when: not a plain JSON object/);
    const withFn = { ...doc, uiState: { f: () => 1 } };
    expect(() => parseSessionDocument(withFn)).toThrow(/uiState\.f: a function is not a JSON value/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => parseSessionDocument({ ...doc, uiState: cyclic })).toThrow(/nested more than 64 levels/);
  });
});
