import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GuestPages } from '../../../core/memory/guest-pages';
import { MachineMemory, M_PRIVATE, M_SHARED, M_ZIP } from '../../../core/memory/machine-memory';
import { ALL_BUT_CLASS, pageByte } from '../../../core/memory/page-codes';
import { PageStack } from '../../../core/memory/page-stack';
import { Rng } from '../../../core/random/rng';

// The batched page changes must leave exactly the state of the page-by-page calls they replace:
// a run's traces, digests and checkpoints depend on every count, cursor and hint.

const PAGES = 3000;
const byte = fc
  .tuple(fc.nat(5), fc.nat(5), fc.nat(3))
  .map(([cls, hv, content]) => pageByte(cls, hv, content));
/** Random page states, then random picks so the sweep cursors sit anywhere. */
const guestHistory = fc.record({
  writes: fc.array(fc.tuple(fc.nat(PAGES - 1), byte), { maxLength: 400 }),
  runs: fc.array(fc.tuple(fc.nat(PAGES - 1), fc.nat(200), byte), { maxLength: 8 }),
  picks: fc.array(fc.nat(5), { maxLength: 30 }),
});

function guestPagesAfter(h: {
  writes: [number, number][];
  runs: [number, number, number][];
  picks: number[];
}) {
  const pages = GuestPages.create(PAGES);
  for (const [start, len, b] of h.runs)
    for (let p = start; p < Math.min(PAGES, start + len); p++) pages.set(p, b);
  for (const [p, b] of h.writes) pages.set(p, b);
  const rng = Rng.fromSeed(1);
  for (const cls of h.picks) pages.pickClass(cls, rng, 0);
  return pages;
}

describe('GuestPages.sweepSet', () => {
  it('leaves the state of one pickClass and set per page, and versions that restore what was before', () => {
    fc.assert(
      fc.property(
        guestHistory,
        fc.nat(5),
        fc.nat(3500),
        fc.constantFrom(ALL_BUT_CLASS, 0),
        byte,
        (history, cls, n, keep, target) => {
          fc.pre((target & 7) !== cls);
          const byPage = guestPagesAfter(history);
          const batched = GuestPages.restore(byPage.save());
          const before = batched.save();
          const version = batched.saveVersion();
          const rng = Rng.fromSeed(2);
          let expected = 0;
          for (; expected < n; expected++) {
            const p = byPage.pickClass(cls, rng, 0);
            if (p < 0) break;
            byPage.set(p, (byPage.bytes[p]! & keep) | target);
          }
          expect(batched.sweepSet(cls, n, keep, target)).toBe(expected);
          expect(batched.save()).toEqual(byPage.save());
          // The changed blocks were marked: the version taken before still restores that state.
          expect(GuestPages.fromVersion(version, batched).save()).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MachineMemory.allocInto', () => {
  it('leaves the state and stack of one alloc and push per page', () => {
    const ops = fc.array(fc.tuple(fc.boolean(), fc.nat(7), fc.nat(40)), { maxLength: 80 });
    fc.assert(
      fc.property(
        ops,
        fc.constantFrom(M_PRIVATE, M_SHARED, M_ZIP),
        fc.nat(7),
        fc.nat(1500),
        (history, state, owner, n) => {
          const byPage = MachineMemory.create(4096, 8);
          const held: number[] = [];
          for (const [alloc, who, count] of history) {
            for (let i = 0; i < count; i++) {
              if (alloc) {
                const m = byPage.alloc(M_PRIVATE, who);
                if (m >= 0) held.push(m);
              } else if (held.length > 0) byPage.free(held.splice((who * 37 + i) % held.length, 1)[0]!);
            }
          }
          fc.pre(byPage.freePages >= n);
          const batched = MachineMemory.restore(byPage.save());
          const before = batched.save();
          const version = batched.saveVersion();
          const expected = new PageStack();
          const got = new PageStack();
          for (let i = 0; i < n; i++) expected.push(byPage.alloc(state, owner));
          batched.allocInto(state, owner, n, got);
          expect(got.save()).toEqual(expected.save());
          expect(batched.save()).toEqual(byPage.save());
          expect(MachineMemory.fromVersion(version, batched).save()).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('PageStack.pushRun', () => {
  it('pushes what one push per page would, across block edges', () => {
    fc.assert(
      fc.property(fc.nat(70_000), fc.nat(150_000), fc.nat(1000), (first, count, popped) => {
        const byPage = new PageStack();
        const batched = new PageStack();
        for (let i = 0; i < 65_530; i++) {
          byPage.push(i);
          batched.push(i);
        }
        for (let i = 0; i < popped; i++) {
          byPage.pop();
          batched.pop();
        }
        for (let i = 0; i < count; i++) byPage.push(first + i);
        batched.pushRun(first, count);
        expect(batched.size).toBe(byPage.size);
        // Compared as bytes: a deep equal of 200 000 entries is slow.
        expect(Buffer.from(batched.save().buffer).equals(Buffer.from(byPage.save().buffer))).toBe(true);
        expect(batched.pop()).toBe(byPage.pop());
      }),
      { numRuns: 25 },
    );
  });
});
