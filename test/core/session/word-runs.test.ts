import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRuns, expandRuns, writeRuns } from '../../../core/session/word-runs';

/** Words that come in runs, as page bytes and page lists do. */
const runnyWords = fc
  .array(fc.tuple(fc.integer(), fc.integer({ min: 1, max: 40 })), { maxLength: 60 })
  .map((runs) =>
    Int32Array.from(runs.flatMap(([v, n]) => Array.from({ length: n }, (_, i) => v + (v & 1 ? i : 0)))),
  );

describe('word runs', () => {
  it('read back exactly what they were written from, as equal words and as equal differences', () => {
    fc.assert(
      fc.property(runnyWords, fc.boolean(), (words, delta) => {
        const runs = countRuns(words, delta, Infinity);
        const pairs = new Int32Array(runs * 2);
        writeRuns(words, delta, pairs);
        const back = new Int32Array(words.length);
        expect(expandRuns(pairs, delta, back)).toBe(words.length);
        expect(Array.from(back)).toEqual(Array.from(words));
      }),
    );
  });

  it('count page lists that climb by one as one run of differences, and stop counting past the limit', () => {
    const list = Int32Array.from({ length: 10_000 }, (_, i) => 5000 + i);
    expect(countRuns(list, true, Infinity)).toBe(2);
    expect(countRuns(list, false, 100)).toBe(101);
  });

  it('refuse runs that do not fit their array', () => {
    expect(expandRuns(Int32Array.from([7, 5]), false, new Int32Array(4))).toBe(-1);
    expect(expandRuns(Int32Array.from([7, 0]), false, new Int32Array(4))).toBe(-1);
    expect(expandRuns(Int32Array.from([7, -3]), true, new Int32Array(4))).toBe(-1);
    expect(expandRuns(Int32Array.from([7, 2]), false, new Int32Array(4))).toBe(2);
  });
});
