import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRunDelta,
  encodeRunDelta,
  maxRunDeltaBytes,
  type RunBlock,
} from '../../../core/session/checkpoint-run-delta';
import { isSessionError } from '../../../core/session/session-error';

const makers = [(n: number) => new Uint8Array(n), (n: number) => new Uint16Array(n)] as const;

/** A base and a block that differs from it in stretches: some set to one value, some noisy. */
const changedBlock = fc
  .record({
    wide: fc.boolean(),
    length: fc.integer({ min: 1, max: 20_000 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    stretches: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        length: fc.integer({ min: 1, max: 3000 }),
        noisy: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ wide, length, seed, stretches }) => {
    let x = seed;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
    const base = makers[wide ? 1 : 0](length);
    for (let i = 0; i < length; i++) base[i] = next();
    const block = base.slice() as RunBlock;
    for (const s of stretches) {
      const from = Math.floor(s.at * length);
      const value = next();
      for (let i = from; i < Math.min(length, from + s.length); i++) block[i] = s.noisy ? next() : value;
    }
    return { base, block };
  });

function encoded(block: RunBlock, base: RunBlock, offset = 0): { pack: Uint8Array; bytes: number } {
  const max = maxRunDeltaBytes(block.length, block.BYTES_PER_ELEMENT);
  const pack = new Uint8Array(offset + max + 8);
  const bytes = encodeRunDelta(block, base, pack, offset, max);
  return { pack, bytes };
}

/** The first element where `a` and `b` differ, -1 when none (toEqual on 20,000 elements takes long). */
function firstDifference(a: RunBlock, b: RunBlock): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function outcome(run: () => unknown): string {
  try {
    run();
    return 'applied';
  } catch (error) {
    if (isSessionError(error) && error.code === 'corrupt') return 'refused';
    throw error;
  }
}

describe('delta blocks as runs (index format 3)', () => {
  it('give the block back from its base, at any offset in a pack, leaving the base as it was', () => {
    fc.assert(
      fc.property(changedBlock, fc.integer({ min: 0, max: 9 }), ({ base, block }, offset) => {
        const { pack, bytes } = encoded(block, base, offset);
        expect(bytes).toBeGreaterThan(0);
        const baseBefore = base.slice();
        const out = base.slice().fill(7) as RunBlock;
        expect(applyRunDelta(base, pack, offset, bytes, out)).toBe(out);
        expect(firstDifference(out, block)).toBe(-1);
        expect(firstDifference(base, baseBefore)).toBe(-1);
      }),
      { numRuns: 150 },
    );
  });

  it('take a few bytes for a block changed in a few stretches, and give up past the bytes allowed', () => {
    const base = new Uint8Array(4096).fill(3);
    const block = base.slice();
    block.fill(5, 100, 900);
    block.fill(9, 2000, 2010);
    // Three unchanged stretches and two changed: a few bytes each, against 4096 as a whole XOR.
    expect(encoded(block, base).bytes).toBeLessThan(24);
    fc.assert(
      fc.property(changedBlock, fc.integer({ min: 0, max: 200 }), ({ base, block }, limit) => {
        const all = encoded(block, base);
        const out = new Uint8Array(limit + 8);
        const bytes = encodeRunDelta(block, base, out, 0, limit);
        // Within the limit they are the same runs; past it, none.
        if (all.bytes <= limit)
          expect([...out.subarray(0, bytes)]).toEqual([...all.pack.subarray(0, all.bytes)]);
        else expect(bytes).toBe(-1);
      }),
      { numRuns: 150 },
    );
  });

  it('refuse runs that are damaged as SessionError, never writing past the block or hanging', () => {
    fc.assert(
      fc.property(
        changedBlock,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: -3, max: 3 }),
        ({ base, block }, where, byte, cut) => {
          const { pack, bytes } = encoded(block, base);
          pack[where % bytes] = byte;
          const out = base.slice() as RunBlock;
          const told = Math.max(0, bytes + cut);
          const result = outcome(() =>
            applyRunDelta(base, pack.subarray(0, Math.max(told, 0)), 0, told, out),
          );
          expect(['applied', 'refused']).toContain(result);
          expect(out.length).toBe(base.length);
        },
      ),
      { numRuns: 150 },
    );
    const base = new Uint8Array(16);
    const block = base.slice().fill(1, 4, 8);
    const { pack, bytes } = encoded(block, base);
    const apply = (raw: Uint8Array, n: number, into = base.slice()): unknown =>
      applyRunDelta(base, raw, 0, n, into);
    expect(() => apply(pack, bytes - 2)).toThrow(/do not fill/);
    expect(() => apply(pack.subarray(0, bytes), bytes + 1)).toThrow(/past its pack/);
    expect(() => apply(Uint8Array.of(17, 0), 2)).toThrow(/does not fit/);
    expect(() => apply(Uint8Array.of(0, 0, 16, 0), 4)).toThrow(/does not fit/);
    expect(() => apply(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 1, 0), 6)).toThrow(/does not read/);
    expect(() => apply(Uint8Array.of(16), 1)).toThrow(/no value/);
  });
});
