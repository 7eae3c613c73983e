import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerTraceSchema, joinTraceParts, splitTraceParts } from '../../../core/session/session-sections';
import { mapTraceParts, traceChecksumsOf, type TraceOf } from '../../../core/session/session-trace-schema';
import { sessionRefusal } from '../../fixtures/sessions/session-refusal';

/** Parts of every size a trace has, empty ones included (an empty log, a store with no blocks yet). */
const partArb = fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 48 }));

const commonFields = {
  checkpointTick: fc.nat(5000),
  layout: fc.string({ maxLength: 12 }),
  vmIds: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  sampleCount: fc.nat(100),
  samples: partArb,
  lineCount: fc.nat(100),
  log: partArb,
};

const storeTraceArb: fc.Arbitrary<TraceOf<Uint8Array>> = fc.record({
  ...commonFields,
  store: fc.record({ index: partArb, packs: fc.array(partArb, { maxLength: 5 }) }),
});

/** Files of the older layout: one checkpoint, with or without earlier ones. */
const olderTraceArb: fc.Arbitrary<TraceOf<Uint8Array>> = fc.record(
  {
    ...commonFields,
    checkpoint: partArb,
    earlier: fc.array(fc.record({ tick: fc.nat(5000), checkpoint: partArb }), { maxLength: 4 }),
  },
  {
    requiredKeys: [
      'checkpointTick',
      'layout',
      'vmIds',
      'sampleCount',
      'samples',
      'lineCount',
      'log',
      'checkpoint',
    ],
  },
);

const traceArb = fc.oneof(storeTraceArb, olderTraceArb);

/** The parts in the order the file holds them, spelled out rather than taken from mapTraceParts. */
function partsInFileOrder<P>(trace: TraceOf<P>): P[] {
  return [
    ...(trace.store === undefined ? [] : [trace.store.index, ...trace.store.packs]),
    ...(trace.checkpoint === undefined ? [] : [trace.checkpoint]),
    ...(trace.earlier ?? []).map((e) => e.checkpoint),
    trace.samples,
    trace.log,
  ];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The trace with each part as a plain array of its bytes, so equality is by content and shape. */
function byContent(trace: TraceOf<Uint8Array>): TraceOf<number[]> {
  return mapTraceParts(trace, (part) => Array.from(part));
}

describe('splitTraceParts / joinTraceParts', () => {
  it('round-trips any trace through its header and the parts laid end to end, in file order', () => {
    fc.assert(
      fc.property(traceArb, (trace) => {
        const { header, parts } = splitTraceParts(trace);
        const expected = partsInFileOrder(trace);
        expect(parts).toHaveLength(expected.length);
        parts.forEach((part, i) => expect(part).toBe(expected[i]));
        // The header holds each part's length where the trace holds its bytes, and their CRC-32
        // (as zlib computes it), and nothing else changes.
        expect(header).toEqual({
          ...mapTraceParts(trace, (part) => part.byteLength),
          crc32: traceChecksumsOf(trace, (part) => crc32(part)),
        });
        expect(partsInFileOrder(header)).toEqual(expected.map((part) => part.byteLength));
        // It is what a file's header may hold, through JSON and back.
        const fromFile = headerTraceSchema.parse(JSON.parse(JSON.stringify(header)));
        expect(fromFile).toEqual(header);
        expect(byContent(joinTraceParts(fromFile, concat(parts)))).toEqual({
          ...byContent(trace),
          crc32: header.crc32,
        });
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('refuses a binary cut short anywhere as corrupt, saying so', () => {
    const withBytes = traceArb.filter((trace) => partsInFileOrder(trace).some((p) => p.byteLength > 0));
    fc.assert(
      fc.property(withBytes, fc.nat(), (trace, cutSeed) => {
        const { header, parts } = splitTraceParts(trace);
        const binary = concat(parts);
        const cut = binary.subarray(0, cutSeed % binary.byteLength);
        const error = sessionRefusal(() => joinTraceParts(header, cut));
        expect(error.code).toBe('corrupt');
        expect(error.message).toMatch(/^Corrupt: the file ends inside its binary part \d+ .*cut short/);
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('refuses bytes left over after the last part as corrupt, saying how many', () => {
    fc.assert(
      fc.property(traceArb, fc.uint8Array({ minLength: 1, maxLength: 40 }), (trace, extra) => {
        const { header, parts } = splitTraceParts(trace);
        const error = sessionRefusal(() => joinTraceParts(header, concat([...parts, extra])));
        expect(error.code).toBe('corrupt');
        expect(error.message).toContain(`holds ${extra.byteLength} bytes after its last binary part`);
      }),
      { numRuns: 200, seed: 9 },
    );
  });

  it('names the part a short file ends in', () => {
    const trace: TraceOf<Uint8Array> = {
      checkpointTick: 0,
      store: { index: new Uint8Array(4), packs: [new Uint8Array(10), new Uint8Array(0)] },
      layout: '',
      vmIds: [],
      sampleCount: 0,
      samples: new Uint8Array(6),
      lineCount: 0,
      log: new Uint8Array(0),
    };
    const { header } = splitTraceParts(trace);
    expect(() => joinTraceParts(header, new Uint8Array(9))).toThrow(
      'the file ends inside its binary part 2 (10 bytes from byte 4 of 9 bytes)',
    );
    expect(() => joinTraceParts(header, new Uint8Array(19))).toThrow('binary part 4 (6 bytes from byte 14');
    expect(joinTraceParts(header, new Uint8Array(20)).samples).toHaveLength(6);
  });
});

describe('the checksums of the parts in the header', () => {
  const trace: TraceOf<Uint8Array> = {
    checkpointTick: 0,
    store: { index: Uint8Array.of(1, 2), packs: [Uint8Array.of(3), Uint8Array.of(4, 5)] },
    layout: '',
    vmIds: [],
    sampleCount: 0,
    samples: Uint8Array.of(6),
    lineCount: 0,
    log: Uint8Array.of(7),
  };

  it('are taken anew from the bytes at every save, never copied from the file opened', () => {
    const { header } = splitTraceParts({
      ...trace,
      crc32: { store: { index: 1, packs: [2, 3] }, samples: 4, log: 5 },
    });
    expect(header.crc32).toEqual(traceChecksumsOf(trace, (part) => crc32(part)));
  });

  it("are the caller's function of each part's bytes when it hands one (the Node side's native CRC-32)", () => {
    const { header } = splitTraceParts(trace, (part) => part.byteLength * 10 + (part[0] ?? 0));
    expect(header.crc32).toEqual({ store: { index: 21, packs: [13, 24] }, samples: 16, log: 17 });
    // One argument each: node:zlib's crc32 would take a second (an array index) as the CRC to go on from.
    const counted = splitTraceParts(trace, (...args: unknown[]) => args.length).header.crc32;
    expect(counted).toEqual({ store: { index: 1, packs: [1, 1] }, samples: 1, log: 1 });
  });

  it('may be absent (files written before them): the parts join as before', () => {
    const { header, parts } = splitTraceParts(trace);
    const { crc32: _crc32, ...older } = header;
    const joined = joinTraceParts(headerTraceSchema.parse(older), concat(parts));
    expect(joined.crc32).toBeUndefined();
    expect(byContent(joined)).toEqual(byContent(trace));
  });

  it('must name each part and no other, else the header is refused', () => {
    const { header } = splitTraceParts(trace);
    const sums = header.crc32!;
    const bad = [
      { ...sums, store: { index: 1, packs: [2] } },
      { ...sums, store: undefined },
      { ...sums, checkpoint: 9 },
      { ...sums, earlier: [] },
      { ...sums, samples: -1 },
      { ...sums, log: 2 ** 32 },
      { ...sums, samples: '1' },
    ];
    for (const crc32Field of bad) {
      const result = headerTraceSchema.safeParse(
        JSON.parse(JSON.stringify({ ...header, crc32: crc32Field })),
      );
      expect(result.success, JSON.stringify(crc32Field)).toBe(false);
      expect(result.error!.issues[0]!.path[0]).toBe('crc32');
    }
  });
});
