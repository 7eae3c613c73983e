import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeRefs, withLazyRefs } from '../../../core/session/checkpoint-block-deltas';
import type { IndexedCheckpoint } from '../../../core/session/checkpoint-blocks';
import { isSessionError } from '../../../core/session/session-error';

const small = new Uint8Array(0);

describe('references read when first needed', () => {
  it('give back every checkpoint references as written, in whatever order they are read', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 12 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        (count, lists, order) => {
          // Each checkpoint's lists: the first one's, each reference moved on by its checkpoint number (wrapped).
          const checkpoints: IndexedCheckpoint[] = Array.from({ length: count }, (_, i) => ({
            tick: i,
            small,
            refs: lists.map((l, k) =>
              Int32Array.from(l.slice(0, l.length - ((i + k) % 2)), (r) => (r < 0 ? r : (r + i) % 41)),
            ),
          }));
          const coded = codeRefs(checkpoints, false).map((refs, i) => ({ tick: i, small, refs }));
          const lazy = withLazyRefs(coded, 41, 3);
          for (const o of order) {
            const i = o % count;
            expect(lazy[i]!.refs).toEqual(checkpoints[i]!.refs);
          }
        },
      ),
    );
  });

  it('refuse a reference out of bounds when its checkpoint is read, the newest at once', () => {
    const refs = (list: number[]): Int32Array[] => [Int32Array.from(list)];
    const good = [
      { tick: 0, small, refs: refs([0, 1, 2]) },
      { tick: 5, small, refs: refs([0, 1, 5]) },
    ];
    const coded = (list: IndexedCheckpoint[]): IndexedCheckpoint[] =>
      codeRefs(list, false).map((r, i) => ({ tick: i, small, refs: r }));
    expect(() => withLazyRefs(coded(good), 5, 0)).toThrow(
      /checkpoint 2 refers to a block the file does not hold/,
    );
    const earlierBad = withLazyRefs(coded([{ ...good[0]!, refs: refs([0, 9, 2]) }, good[1]!]), 6, 0);
    let error: unknown;
    try {
      void earlierBad[0]!.refs;
    } catch (e) {
      error = e;
    }
    expect(isSessionError(error)).toBe(true);
    expect((error as Error).message).toMatch(/checkpoint 1 refers to a block the file does not hold/);
    // A fill out of the table too.
    expect(() => withLazyRefs(coded([{ tick: 0, small, refs: refs([-2]) }]), 1, 1)).toThrow(/does not hold/);
  });
});
