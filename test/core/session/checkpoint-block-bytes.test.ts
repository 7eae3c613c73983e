import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, writeDelta } from '../../../core/session/checkpoint-block-bytes';

const typed = [
  (n: number) => new Uint8Array(n),
  (n: number) => new Uint16Array(n),
  (n: number) => new Int32Array(n),
] as const;

describe('delta blocks (a block as its XOR with the block at its place one checkpoint later)', () => {
  it('give the block back from its base, at any offset in a pack, word-aligned or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (kind, length, offset, seed) => {
          const block = typed[kind]!(length);
          const base = typed[kind]!(length);
          let x = seed;
          const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
          for (let i = 0; i < length; i++) {
            block[i] = next();
            base[i] = next() % 3 === 0 ? block[i]! : next();
          }
          const pack = new Uint8Array(offset + block.byteLength + 3);
          writeDelta(block, base, pack, offset);
          const bytes = new Uint8Array(block.buffer);
          const baseBytes = new Uint8Array(base.buffer);
          for (let i = 0; i < block.byteLength; i++) expect(pack[offset + i]).toBe(bytes[i]! ^ baseBytes[i]!);
          expect([...applyDelta(base, pack, offset)]).toEqual([...block]);
          // Written into a block of its own (carved from a slab), which the base is left as it was.
          const baseBefore = [...base];
          const into = typed[kind]!(length);
          expect(applyDelta(base, pack, offset, into)).toBe(into);
          expect([...into]).toEqual([...block]);
          expect([...base]).toEqual(baseBefore);
        },
      ),
    );
  });
});
