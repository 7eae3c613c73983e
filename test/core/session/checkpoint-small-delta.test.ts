import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xorSmallState } from '../../../core/session/checkpoint-small-delta';
import { smallStatePair } from './small-state-pair';

describe('small-state deltas (each typed array XOR the one at its place in the newer state)', () => {
  it('give the state back when applied twice, whatever the lengths and offsets', () => {
    fc.assert(
      fc.property(smallStatePair, ({ own, newer }) => {
        const coded = xorSmallState(own, newer);
        expect(xorSmallState(coded, newer, true)).toEqual(own);
      }),
    );
  });

  it("decode an unchanged array as the newer state's own object, and a changed one as a copy", () => {
    fc.assert(
      fc.property(smallStatePair, ({ own, newer }) => {
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
