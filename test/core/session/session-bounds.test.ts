import { describe, expect, it } from 'vitest';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { maxWorkloadPoints } from '../../../core/scenario/scenario-limits';
import { parseSessionDocument, parseSessionText } from '../../../core/session/parse-session';
import { maxSessionFileBytes, parseJsonText } from '../../../core/session/safe-json';
import { sessionSchemaId, type SessionDocument } from '../../../core/session/session-schema';
import { serializeSessionDocument, utf8ByteLength } from '../../../core/session/serialize-session';
import { sessionRefusal } from '../../fixtures/sessions/session-refusal';

function session(scenario: unknown, extra: Partial<SessionDocument> = {}): SessionDocument {
  return {
    schema: sessionSchemaId,
    savedIso: '2025-01-01T00:00:00.000Z',
    app: { version: '0.1.0', engineVersion: '' },
    name: 'hostile',
    scenario: scenario as SessionDocument['scenario'],
    interventions: [],
    tick: 0,
    stateDigest: '',
    uiState: {},
    ...extra,
  };
}

/** Trace samples with numbers at full precision: the longest text a sample can be. */
function longTrace(samples: number) {
  return {
    kind: 'trace' as const,
    samples: Array.from({ length: samples }, (_, i) => ({
      atS: i + 0.123456789012345,
      demandMiB: 1000.1234567890123 + (i % 97),
      activePct: 33.33333333333333,
    })),
  };
}

describe('sessions: what the loader would refuse is never written, and hostile files are refused', () => {
  it('refuses a .balloonlab file holding a bursty workload of 1e-12 s, naming the field and the tick bound', () => {
    const text = JSON.stringify(
      session({ vms: [{ id: 'a', workload: { kind: 'bursty', meanGapS: 1e-12, burstS: 1e-12 } }] }),
    );
    expect(text.length).toBeLessThan(6000);
    const error = sessionRefusal(() => parseSessionText(text));
    expect(error.code).toBe('invalid');
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['scenario.vms[0].workload.burstS', 'scenario.vms[0].workload.meanGapS']),
    );
    expect(error.message).toMatch(/at least 1 s/);
  });

  it('refuses a live change to a bursty workload shorter than a tick', () => {
    const scenario = parseScenarioOrThrow({ vms: [{ id: 'a' }] });
    const doc = session(scenario, {
      tick: 10,
      interventions: [
        { tick: 5, intervention: { vm: 'a', set: { workload: { kind: 'bursty', burstS: 1e-12 } as never } } },
      ],
    });
    const error = sessionRefusal(() => parseSessionDocument(doc));
    expect(error.issues[0]?.path).toBe('interventions[0].intervention.set.workload.burstS');
  });

  it('refuses live changes that take the trace samples past the bound', () => {
    const scenario = parseScenarioOrThrow({ vms: [{ id: 'a', workload: longTrace(100_000) }] });
    const change = { vm: 'a', set: { workload: longTrace(100_000) } };
    const doc = session(scenario, {
      tick: 10,
      interventions: Array.from({ length: 5 }, () => ({ tick: 1, intervention: change })) as never,
    });
    const error = sessionRefusal(() => parseSessionDocument(doc));
    expect(error.issues[0]?.path).toBe('interventions');
    expect(error.issues[0]?.message).toContain(
      `600000 trace samples and phases together, more than the ${maxWorkloadPoints}`,
    );
  }, 30_000);

  it('saves the biggest valid scenario under the loader limit and loads it back', () => {
    const scenario = parseScenarioOrThrow({
      host: { memoryMiB: 65_536 },
      vms: Array.from({ length: 5 }, (_, i) => ({
        id: `t${i}`,
        memoryMiB: 4096,
        workload: longTrace(100_000),
      })),
    });
    const text = serializeSessionDocument(session(scenario));
    expect(utf8ByteLength(text)).toBeLessThanOrEqual(maxSessionFileBytes);
    expect(parseSessionText(text).scenario.vms[4]!.workload).toEqual(scenario.vms[4]!.workload);
  }, 60_000);

  it('writes compactly when the indented text would be over the limit, and refuses when even that is', () => {
    const scenario = parseScenarioOrThrow({ vms: [{ id: 'a', workload: longTrace(40) }] });
    const doc = session(scenario);
    const indented = serializeSessionDocument(doc);
    const compact = serializeSessionDocument(doc, indented.length - 1);
    expect(compact.split('\n')).toHaveLength(2);
    expect(utf8ByteLength(compact)).toBeLessThan(indented.length);
    expect(parseSessionText(compact)).toEqual(parseSessionText(indented));
    const error = sessionRefusal(() => serializeSessionDocument(doc, 1000));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/more than the 0\.0 MiB a session file may be.*it was not saved/);
  });

  it('crosses a string full of escapes in one pass: a hostile file cannot hang the loader', () => {
    // Searching for the closing quote anew after every escape would take minutes here (past the test's time limit).
    const text = `{"a":"${'x\\n'.repeat(2_000_000)}"}`;
    expect(() => parseJsonText(text)).toThrow(/string of 4000000 characters is longer than/);
  });

  it('counts UTF-8 bytes as a file holds them', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a\ud800b', '\udc00']) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text));
    }
  });
});
