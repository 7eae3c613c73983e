import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countRuns,
  expandRuns,
  runWordAt,
  runWords,
  writeRuns,
  xorRuns,
} from '../../../core/session/word-runs';

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

  it('read into zeroed words the same, leaving runs of zeros unwritten', () => {
    fc.assert(
      fc.property(runnyWords, (words) => {
        const pairs = new Int32Array(countRuns(words, false, Infinity) * 2);
        writeRuns(words, false, pairs);
        const back = new Int32Array(words.length);
        expect(expandRuns(pairs, false, back, true)).toBe(words.length);
        expect(Array.from(back)).toEqual(Array.from(words));
      }),
    );
    // Not zeroed: zeros are written.
    const dirty = new Int32Array(4).fill(5);
    expect(expandRuns(Int32Array.from([0, 4]), false, dirty)).toBe(4);
    expect(Array.from(dirty)).toEqual([0, 0, 0, 0]);
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

  it('XOR runs into words up to an end, and count and find their words without writing them', () => {
    fc.assert(
      fc.property(runnyWords, runnyWords, fc.nat(), (words, base, cut) => {
        const pairs = new Int32Array(countRuns(words, false, Infinity) * 2);
        writeRuns(words, false, pairs);
        expect(runWords(pairs, words.length)).toBe(words.length);
        expect(runWords(pairs, words.length - 1)).toBe(words.length === 0 ? 0 : -1);
        const end = words.length === 0 ? 0 : cut % (words.length + 1);
        const into = Int32Array.from(
          { length: words.length },
          (_, i) => base[i % Math.max(1, base.length)] ?? 0,
        );
        const expected = into.map((v, i) => (i < end ? v ^ words[i]! : v));
        xorRuns(pairs, into, end);
        expect(Array.from(into)).toEqual(Array.from(expected));
        if (words.length > 0) expect(runWordAt(pairs, end % words.length)).toBe(words[end % words.length]);
        expect(runWordAt(pairs, words.length)).toBe(0);
      }),
    );
    expect(runWords(Int32Array.from([7, 0]), 4)).toBe(-1);
  });
});
