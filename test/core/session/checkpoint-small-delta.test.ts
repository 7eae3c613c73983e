import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xorSmallState } from '../../../core/session/checkpoint-small-delta';

/** A typed array of `kind` holding `values`, at byte `offset` of a buffer of its own (aligned or not for bytes). */
function typedAt(
  kind: number,
  values: readonly number[],
  offset: number,
): Uint8Array | Uint16Array | Int32Array {
  if (kind === 0) {
    const buffer = new ArrayBuffer(offset + values.length);
    const out = new Uint8Array(buffer, offset, values.length);
    out.set(values.map((v) => v & 0xff));
    return out;
  }
  return kind === 1 ? Uint16Array.from(values, (v) => v & 0xffff) : Int32Array.from(values, (v) => v | 0);
}

const state = fc
  .record({
    kind: fc.integer({ min: 0, max: 2 }),
    offset: fc.integer({ min: 0, max: 5 }),
    own: fc.array(fc.integer(), { maxLength: 40 }),
    newer: fc.array(fc.integer(), { maxLength: 40 }),
    n: fc.integer(),
  })
  .map(({ kind, offset, own, newer, n }) => ({
    own: { list: typedAt(kind, own, offset), n },
    newer: { list: typedAt(kind, newer, 0), n: n + 1 },
  }));

describe('small-state deltas (each typed array XOR the one at its place in the newer state)', () => {
  it('give the state back when applied twice, whatever the lengths and offsets', () => {
    fc.assert(
      fc.property(state, ({ own, newer }) => {
        const coded = xorSmallState(own, newer);
        expect(xorSmallState(coded, newer, true)).toEqual(own);
      }),
    );
  });

  it("decode an unchanged array as the newer state's own object, and a changed one as a copy", () => {
    fc.assert(
      fc.property(state, ({ own, newer }) => {
        const same = { list: newer.list.slice(), n: 1 };
        const decoded = xorSmallState(xorSmallState(same, newer), newer, true) as { list: unknown };
        expect(decoded.list).toBe(newer.list);
        const coded = xorSmallState(own, newer) as { list: Uint8Array };
        const back = xorSmallState(coded, newer, true) as { list: unknown };
        if (back.list !== newer.list) expect(back.list).not.toBe(coded.list);
        expect(back.list).toEqual(own.list);
      }),
    );
  });
});
