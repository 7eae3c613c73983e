import { describe, expect, it } from 'vitest';
import {
  comparisonSchemaId,
  parseComparisonDocument,
  serializeComparisonDocument,
  type ComparisonDocument,
} from '../../../core/experiment/comparison-file';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { parseJsonText } from '../../../core/session/safe-json';
import { SessionError } from '../../../core/session/session-error';
import { sessionSchemaId, type SessionDocument } from '../../../core/session/session-schema';

function session(presetId: string): SessionDocument {
  return {
    schema: sessionSchemaId,
    savedIso: '2026-12-06T05:00:00.000Z',
    app: { version: '0.1.0', engineVersion: '' },
    name: presetId,
    scenario: parseScenarioOrThrow(getPreset(presetId)!.scenario),
    interventions: [],
    tick: 0,
    stateDigest: '',
    uiState: {},
  };
}

function comparison(): ComparisonDocument {
  return {
    schema: comparisonSchemaId,
    savedIso: '2026-12-06T05:00:00.000Z',
    name: 'policies',
    runs: [
      { label: 'esx', session: session('compare-esx') },
      { label: 'kvm', session: session('compare-kvm-mom') },
    ],
  };
}

function refusal(json: unknown): SessionError {
  try {
    parseComparisonDocument(json);
  } catch (error) {
    if (error instanceof SessionError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('comparison files', () => {
  it('opens what it saves, byte for byte the same when saved again', () => {
    const text = serializeComparisonDocument(comparison());
    const reopened = parseComparisonDocument(parseJsonText(text));
    expect(reopened.runs.map((r) => r.label)).toEqual(['esx', 'kvm']);
    expect(reopened.runs[1]!.session.scenario.policy.kind).toBe('kvm-mom');
    expect(serializeComparisonDocument(reopened)).toBe(text);
  });

  it('refuses a session file, a newer format, too many runs and a bad run, naming the field', () => {
    expect(refusal(session('basics')).issues[0]!.path).toBe('schema');
    expect(refusal({ ...comparison(), schema: 'balloon-lab/compare@9' }).code).toBe('newer-version');
    const many = comparison();
    many.runs = Array.from({ length: 6 }, () => many.runs[0]!);
    expect(refusal(many).message).toMatch(/at most 5 runs/);
    expect(refusal({ ...comparison(), runs: [] }).message).toMatch(/at least one run/);
    const bad = JSON.parse(JSON.stringify(comparison())) as {
      runs: { session: { scenario: { durationS: number } } }[];
    };
    bad.runs[1]!.session.scenario.durationS = -1;
    const error = refusal(bad);
    expect(error.message).toMatch(/^Run 2 \("kvm"\)/);
    expect(error.issues.map((i) => i.path)).toContain('runs[1].session.scenario.durationS');
    expect(refusal({ ...comparison(), extra: 1 }).issues[0]!.message).toMatch(/nrecognized|unknown/);
    expect(refusal(JSON.parse('{"__proto__": {}, "schema": "balloon-lab/compare@1"}')).code).toBe('invalid');
  });

  it('writes a run whose session has a trace without it, and the comparison opens again', () => {
    const traced: SessionDocument = {
      ...session('compare-esx'),
      trace: {
        checkpointTick: 0,
        store: { index: Uint8Array.of(1, 2, 3), packs: [Uint8Array.of(0, 4)] },
        layout: 'host:freeMiB',
        vmIds: [],
        sampleCount: 0,
        samples: new Uint8Array(0),
        lineCount: 1,
        log: Uint8Array.of(9),
      },
    };
    const doc = comparison();
    doc.runs[0] = { label: 'esx', session: traced };
    const text = serializeComparisonDocument(doc);
    expect(text).not.toContain('"trace"');
    expect(text).toBe(serializeComparisonDocument(comparison()));
    const reopened = parseComparisonDocument(parseJsonText(text));
    expect(reopened.runs.map((r) => r.session.trace)).toEqual([undefined, undefined]);
    expect(reopened.runs[0]!.session.scenario).toEqual(traced.scenario);
  });

  it('refuses to write a comparison larger than a file may be', () => {
    expect(() => serializeComparisonDocument(comparison(), 1000)).toThrow(/larger than a comparison file/);
  });
});
