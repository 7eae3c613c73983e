import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionError, type SessionErrorCode } from '../../../../core/session/session-error';
import type { SessionDocument } from '../../../../core/session/session-schema';
import { mapTraceParts, traceChecksumsOf, type TraceOf } from '../../../../core/session/session-trace-schema';
import { serializeSessionDocument, sessionFileContent } from '../../../../core/session/serialize-session';
import { Autosaver, autosavePath } from '../../../../electron/services/session/autosave';
import {
  decodeSessionFile,
  encodeSessionFile,
  readSessionFile,
  writeSessionFile,
} from '../../../../electron/services/session/session-file';
import { sampleSession } from '../../../fixtures/sessions/session-fixtures';
import { FakeClock } from '../fake-clock';
import { knownBytes } from '../../../fixtures/sessions/known-bytes';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-session-container-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A trace with parts of several sizes, an empty one, and text fields JSON must escape. */
function traceOf(scale: number): TraceOf<Uint8Array> {
  return {
    checkpointTick: 1200,
    store: {
      index: knownBytes(3 * scale, 1),
      packs: [knownBytes(50 * scale, 2), new Uint8Array(0), new Uint8Array(7 * scale), knownBytes(13, 3)],
    },
    layout: 'host:free\u0000MiB;vm:ball\u00f6\u{1f388}',
    vmIds: ['web1', 'db1'],
    sampleCount: 42,
    samples: knownBytes(20 * scale, 4),
    lineCount: 3,
    log: knownBytes(scale, 5),
  };
}

function tracedSession(scale = 1000): SessionDocument {
  return { ...sampleSession(), trace: traceOf(scale) };
}

function partsOf(trace: TraceOf<Uint8Array>): Buffer[] {
  const parts: Buffer[] = [];
  mapTraceParts(trace, (p) => parts.push(Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
  return parts;
}

/**
 * The document with each part as base64: equal exactly when every byte is. Without the checksums
 * a file read has (a document made in memory has none; saving takes them anew).
 */
function byContent(doc: SessionDocument): unknown {
  const { trace, ...rest } = doc;
  if (trace === undefined) return rest;
  const { crc32: _crc32, ...parts } = trace;
  return { ...rest, trace: mapTraceParts(parts, (p) => Buffer.from(p).toString('base64')) };
}

async function fingerprint(path: string): Promise<{ sha256: string; mtimeMs: number; size: number }> {
  const s = await stat(path);
  const sha256 = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  return { sha256, mtimeMs: s.mtimeMs, size: s.size };
}

/** A valid container split into its header (parsed) and its binary. */
async function validContainer(): Promise<{ raw: Buffer; header: Record<string, unknown>; binary: Buffer }> {
  const path = join(dir, 'valid.balloonlab');
  await writeSessionFile(path, tracedSession(), { keepBackup: false });
  const raw = await readFile(path);
  await rm(path);
  const nul = raw.indexOf(0);
  return {
    raw,
    header: JSON.parse(raw.subarray(0, nul).toString('utf8')) as Record<string, unknown>,
    binary: raw.subarray(nul + 1),
  };
}

function containerOf(header: unknown, binary: Uint8Array, headerBytes?: Buffer): Buffer {
  return Buffer.concat([headerBytes ?? Buffer.from(JSON.stringify(header, null, 2)), Buffer.of(0), binary]);
}

describe('session files with a trace', () => {
  it('round-trips the trace byte for byte: header text, NUL, the parts in order', async () => {
    const doc = tracedSession();
    const path = join(dir, 'lab.balloonlab');
    await writeSessionFile(path, doc);
    const raw = await readFile(path);
    const nul = raw.indexOf(0);
    const headerText = raw.subarray(0, nul).toString('utf8');
    expect(headerText).toBe(sessionFileContent(doc).text);
    const header = JSON.parse(headerText) as { schema: string; trace: TraceOf<number> };
    expect(header.schema).toBe('balloon-lab/session@2');
    expect(header.trace).toEqual({
      ...mapTraceParts(doc.trace!, (p) => p.byteLength),
      crc32: traceChecksumsOf(doc.trace!, (p) => crc32(p)),
    });
    expect(header.trace.layout).toBe(doc.trace!.layout); // a NUL in a string is escaped, never raw
    expect(raw.subarray(nul + 1).equals(Buffer.concat(partsOf(doc.trace!)))).toBe(true);

    const read = await readSessionFile(path);
    expect(byContent(read)).toEqual(byContent(doc));
    expect(read.trace!.crc32).toEqual(header.trace.crc32);
    // Saved again, the file is the same bytes.
    const again = join(dir, 'again.balloonlab');
    await writeSessionFile(again, read);
    expect((await readFile(again)).equals(raw)).toBe(true);
  });

  it('writes a session without a trace as plain JSON text, no NUL', async () => {
    const path = join(dir, 'plain.balloonlab');
    await writeSessionFile(path, sampleSession());
    const raw = await readFile(path);
    expect(raw.includes(0)).toBe(false);
    expect(raw.toString('utf8')).toBe(serializeSessionDocument(sampleSession()));
    expect(await readSessionFile(path)).toEqual(sampleSession());
  });

  it('counts the binary parts in the size cap, reading and writing', async () => {
    const doc = tracedSession(20_000);
    const path = join(dir, 'big.balloonlab');
    await writeSessionFile(path, doc);
    const size = (await stat(path)).size;
    const headerBytes = (await readFile(path)).indexOf(0);
    expect(size).toBeGreaterThan(10 * headerBytes);
    const error = await readSessionFile(path, { maxBytes: size - 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe('too-large');
    expect(byContent(await readSessionFile(path, { maxBytes: size }))).toEqual(byContent(doc));

    // The writer counts them too: compact when the indented header does not fit, refused below that.
    const compact = sessionFileContent(doc, size - 1);
    expect(compact.text).not.toContain('\n  ');
    expect(encodeSessionFile(compact)).toHaveLength(compact.bytes);
    expect(byContent(decodeSessionFile(encodeSessionFile(compact) as Buffer))).toEqual(byContent(doc));
    expect(() => sessionFileContent(doc, compact.bytes - 1)).toThrow(
      expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/it was not saved/) }),
    );
  });
});

describe('hostile containers are refused and left untouched', () => {
  type Json = Record<string, unknown> & { trace: Record<string, unknown> & { store: { packs: unknown[] } } };
  type Case = [
    name: string,
    make: (c: Awaited<ReturnType<typeof validContainer>>) => Buffer,
    code: SessionErrorCode,
    message: RegExp,
  ];
  const edit =
    (mutate: (h: Json) => void) =>
    ({ header, binary }: Awaited<ReturnType<typeof validContainer>>): Buffer => {
      const h = structuredClone(header) as Json;
      mutate(h);
      return containerOf(h, binary);
    };
  const cases: Case[] = [
    [
      'cut by a byte',
      ({ raw }) => raw.subarray(0, raw.length - 1),
      'corrupt',
      /ends inside its binary part 7 .*cut short/,
    ],
    [
      'cut inside a part',
      ({ raw, binary }) => raw.subarray(0, raw.length - binary.length + 3500),
      'corrupt',
      /ends inside its binary part 2 .*cut short/,
    ],
    [
      'cut after the NUL',
      ({ raw, binary }) => raw.subarray(0, raw.length - binary.length),
      'corrupt',
      /binary part 1 .*cut short/,
    ],
    [
      'cut before the NUL',
      ({ raw, binary }) => raw.subarray(0, raw.length - binary.length - 1),
      'corrupt',
      /binary part 1 .*cut short/,
    ],
    [
      'bytes after the last part',
      ({ raw }) => Buffer.concat([raw, Buffer.of(0, 1, 2)]),
      'corrupt',
      /holds 3 bytes after its last binary part/,
    ],
    ['negative length', edit((h) => (h.trace.store.packs[0] = -1)), 'invalid', /trace\.store\.packs\[0\]/],
    ['fractional length', edit((h) => (h.trace.store.packs[0] = 1.5)), 'invalid', /trace\.store\.packs\[0\]/],
    ['length over 2^31', edit((h) => (h.trace['samples'] = 2 ** 31)), 'invalid', /trace\.samples/],
    [
      'length as a string',
      edit((h) => (h.trace.store.packs[0] = '50000')),
      'invalid',
      /trace\.store\.packs\[0\]/,
    ],
    ['length as bytes', edit((h) => (h.trace['log'] = [1, 2, 3])), 'invalid', /trace\.log/],
    [
      'no trace, then bytes',
      edit((h) => delete (h as Record<string, unknown>)['trace']),
      'corrupt',
      /binary data after a session without a trace/,
    ],
    [
      'header not UTF-8',
      ({ header, binary }) =>
        containerOf(
          null,
          binary,
          Buffer.from(JSON.stringify({ ...header, name: 'H\u00e4lfte' }, null, 2), 'latin1'),
        ),
      'corrupt',
      /not UTF-8/,
    ],
    [
      'a newer format',
      edit((h) => (h['schema'] = 'balloon-lab/session@3')),
      'newer-version',
      /newer Balloon Lab 0\.1\.0 \(format balloon-lab\/session@3\)/,
    ],
    [
      'an older format with parts',
      edit((h) => (h['schema'] = 'balloon-lab/session@1')),
      'corrupt',
      /session@1 file holds only JSON/,
    ],
  ];

  it.each(cases)('%s', async (name, make, code, message) => {
    const content = make(await validContainer());
    const path = join(dir, 'hostile.balloonlab');
    await writeFile(path, content);
    const before = await fingerprint(path);
    const error: unknown = await readSessionFile(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, name).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe(code);
    expect((error as SessionError).message).toMatch(message);
    expect(await fingerprint(path)).toEqual(before);
    expect(await readdir(dir)).toEqual(['hostile.balloonlab']);
  });

  it('survives flipped bytes and cuts anywhere: a document or a SessionError, files unchanged', async () => {
    const path = join(dir, 'small.balloonlab');
    await writeSessionFile(path, tracedSession(8), { keepBackup: false });
    const valid = await readFile(path);
    const binaryStart = valid.indexOf(0) + 1;
    // Flips anywhere, or in the parts and the header's trace lengths, which the JSON parse does not guard.
    const position = fc.oneof(fc.nat(), fc.integer({ min: binaryStart - 400, max: valid.length - 1 }));
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.nat(), weight: 1 }),
        async (flips, cut) => {
          const bytes = Buffer.from(cut === null ? valid : valid.subarray(0, cut % (valid.length + 1)));
          for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
          await writeFile(path, bytes);
          const before = await fingerprint(path);
          const outcome = await readSessionFile(path).then(
            (doc) => {
              expect(doc.schema).toBe('balloon-lab/session@2');
              return 'loaded';
            },
            (e: unknown) => {
              if (!(e instanceof SessionError)) throw e;
              expect(e.message.length).toBeGreaterThan(0);
              return e.code;
            },
          );
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          expect(await fingerprint(path)).toEqual(before);
        },
      ),
      { numRuns: 60, seed: 2026 },
    );
    expect(await readdir(dir)).toEqual(['small.balloonlab']);
    // The runs reach both outcomes, so the property is not vacuous.
    expect(outcomes.get('loaded')).toBeGreaterThan(0);
    expect(outcomes.get('corrupt')).toBeGreaterThan(0);
  });
});

describe('autosave of a session with a trace', () => {
  it('writes once, skips identical content (in fresh buffers), writes again when one byte differs', async () => {
    const stateDir = join(dir, 'state');
    const clock = new FakeClock();
    let current = tracedSession();
    const saver = new Autosaver({ stateDir, clock, snapshot: () => current });
    await saver.start();
    expect(await saver.saveNow()).toBe(true);
    const first = await readFile(autosavePath(stateDir));
    expect(first.includes(0)).toBe(true);

    // The same session in new buffers, half a minute later: not written again.
    current = { ...current, trace: mapTraceParts(current.trace!, (p) => p.slice()) };
    clock.advance(30_000);
    expect(await saver.saveNow()).toBe(false);
    expect((await readFile(autosavePath(stateDir))).equals(first)).toBe(true);

    // One byte of one pack differs (the lengths in the header are the same, its checksum not): written.
    const pack = current.trace!.store!.packs[3]!.slice();
    pack[5] = pack[5]! ^ 0xff;
    const packs = current.trace!.store!.packs.map((p, i) => (i === 3 ? pack : p));
    current = { ...current, trace: { ...current.trace!, store: { ...current.trace!.store!, packs } } };
    expect(await saver.saveNow()).toBe(true);
    const saved = await readSessionFile(autosavePath(stateDir));
    expect(Buffer.from(saved.trace!.store!.packs[3]!).equals(pack)).toBe(true);
    expect(saved.savedIso).toBe('2026-02-11T09:00:30.000Z');
    await saver.stop();
  });
});
