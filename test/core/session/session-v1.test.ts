import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../../core/lab-api/wire-codec';
import { parseSessionDocument, parseSessionText } from '../../../core/session/parse-session';
import { defaultJsonLimits } from '../../../core/session/safe-json';
import { sessionSchemaId } from '../../../core/session/session-schema';
import { mapTraceParts, type TraceOf } from '../../../core/session/session-trace-schema';
import { fixtureText, goldenFiles } from '../../fixtures/sessions/session-fixtures';
import { knownBytes } from '../../fixtures/sessions/known-bytes';
import { sessionRefusal } from '../../fixtures/sessions/session-refusal';

const v1Text = fixtureText(goldenFiles.v1);
const v2Text = fixtureText(goldenFiles.v2);

/** As format @1 was written: 768 KiB of bytes per piece, so each piece is at most 1 MiB of base64. */
const pieceBytes = 768 * 1024;

function toPieces(bytes: Uint8Array): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < bytes.byteLength; at += pieceBytes)
    pieces.push(bytesToBase64(bytes.subarray(at, Math.min(at + pieceBytes, bytes.byteLength))));
  return pieces;
}

/** A trace of the store layout whose parts span several pieces, exactly one, and none. */
function bytesTrace(): TraceOf<Uint8Array> {
  return {
    checkpointTick: 1200,
    store: {
      index: knownBytes(2 * pieceBytes + 5, 1),
      packs: [knownBytes(pieceBytes, 2), new Uint8Array(0), knownBytes(3 * pieceBytes + 1, 3)],
    },
    layout: 'host:freeMiB;vm:balloonMiB',
    vmIds: ['web1', 'db1'],
    sampleCount: 12,
    samples: knownBytes(1000, 4),
    lineCount: 3,
    log: knownBytes(2, 5),
  };
}

type Json = Record<string, unknown>;

function v1WithTrace(trace: TraceOf<string[]>): Json {
  return { ...(JSON.parse(v1Text) as Json), trace };
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

describe('migration of @1 sessions with a trace', () => {
  it('turns base64 pieces into the same bytes, several pieces per part, the rest as the golden @2', () => {
    const bytes = bytesTrace();
    const pieces = mapTraceParts(bytes, toPieces);
    expect(pieces.store!.index).toHaveLength(3);
    expect(pieces.store!.packs.map((p) => p.length)).toEqual([1, 0, 4]);
    expect(Math.max(...pieces.store!.packs.flat().map((p) => p.length))).toBe(1024 * 1024);

    const doc = parseSessionText(JSON.stringify(v1WithTrace(pieces), null, 2));
    expect(doc.schema).toBe(sessionSchemaId);
    const { trace, ...rest } = doc;
    expect(rest).toEqual(parseSessionText(v2Text));
    expect(trace).toBeDefined();
    // Same fields, the same number of parts of the same lengths, and the same bytes in each.
    expect(mapTraceParts(trace!, (p) => p.byteLength)).toEqual(mapTraceParts(bytes, (p) => p.byteLength));
    const got: Uint8Array[] = [];
    const want: Uint8Array[] = [];
    mapTraceParts(trace!, (p) => got.push(p));
    mapTraceParts(bytes, (p) => want.push(p));
    expect(got.map((p, i) => same(p, want[i]!))).toEqual(want.map(() => true));
  });

  it('migrates the older checkpoint-and-earlier layout the same way', () => {
    const bytes: TraceOf<Uint8Array> = {
      checkpointTick: 1100,
      checkpoint: knownBytes(pieceBytes + 7, 6),
      earlier: [
        { tick: 600, checkpoint: knownBytes(30, 7) },
        { tick: 900, checkpoint: new Uint8Array(0) },
      ],
      layout: '',
      vmIds: [],
      sampleCount: 0,
      samples: new Uint8Array(0),
      lineCount: 0,
      log: new Uint8Array(0),
    };
    const doc = parseSessionDocument(v1WithTrace(mapTraceParts(bytes, toPieces)));
    expect(doc.trace!.earlier!.map((e) => e.tick)).toEqual([600, 900]);
    expect(same(doc.trace!.checkpoint!, bytes.checkpoint!)).toBe(true);
    expect(same(doc.trace!.earlier![0]!.checkpoint, bytes.earlier![0]!.checkpoint)).toBe(true);
    expect(doc.trace!.earlier![1]!.checkpoint).toHaveLength(0);
  });

  it('drops a trace with a piece that is not base64, and the session still loads (to be replayed)', () => {
    const good = mapTraceParts(bytesTrace(), toPieces);
    const expected = parseSessionText(v2Text);
    for (const bad of ['AQID!AU=', 'AQ=DBAU=', 'AQI DBAU', 'AQIDBAU', 'AQID\u00e9AU=', '====']) {
      const packs = good.store!.packs.map((p) => [...p]);
      packs[2]![1] = bad;
      const doc = parseSessionDocument(v1WithTrace({ ...good, store: { ...good.store!, packs } }));
      expect(doc.trace).toBeUndefined();
      expect(doc).toEqual(expected);
      const log = parseSessionDocument(v1WithTrace({ ...good, log: [bad] }));
      expect(log.trace).toBeUndefined();
    }
  });

  it('refuses a @1 trace of the wrong shape, naming the field', () => {
    const good = mapTraceParts(bytesTrace(), toPieces);
    const error = sessionRefusal(() =>
      parseSessionDocument(v1WithTrace({ ...good, samples: 'AAAA' as never })),
    );
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('balloon-lab/session@1');
    expect(error.issues.map((i) => i.path)).toContain('trace.samples');
  });

  it('refuses @1 and @0 JSON followed by binary data as corrupt', () => {
    const binary = Uint8Array.of(1, 2, 3);
    const withTrace = v1WithTrace(mapTraceParts(bytesTrace(), toPieces));
    for (const [json, version] of [
      [JSON.parse(v1Text) as Json, 1],
      [withTrace, 1],
      [JSON.parse(fixtureText(goldenFiles.v0)) as Json, 0],
    ] as const) {
      const error = sessionRefusal(() => parseSessionDocument(json, defaultJsonLimits, binary));
      expect(error.code).toBe('corrupt');
      expect(error.message).toBe(
        `Corrupt: a balloon-lab/session@${version} file holds only JSON, but this one has binary data after it.`,
      );
      // Without the binary data the same document loads.
      expect(parseSessionDocument(json).schema).toBe(sessionSchemaId);
    }
  });
});
