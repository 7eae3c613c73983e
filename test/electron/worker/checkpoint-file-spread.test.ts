import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadPicks, type Spaced } from '../../../electron/worker/checkpoint-file-spread';

const ticks = (list: readonly Spaced[]): number[] => list.map((c) => c.tick);

describe('spreading the checkpoints a file keeps', () => {
  it('keeps more where the engine worked harder: a busy boot, then a quiet hour', () => {
    // Ten ticks of 100 ms each, then ninety of 10 ms each: a checkpoint every 100 ms of work.
    const earlier: Spaced[] = [{ tick: 0 }];
    for (let t = 1; t <= 10; t++) earlier.push({ tick: t, workMs: 100 });
    for (let t = 20; t < 100; t += 10) earlier.push({ tick: t, workMs: 100 });
    const newest = { tick: 100, workMs: 100 };
    const picked = spreadPicks(earlier, newest, 9);
    expect(picked).toHaveLength(10);
    expect(picked[0]!.tick).toBe(0);
    expect(picked.at(-1)).toBe(newest);
    // The engine work a jump replays at most: about twice what lay between two, wherever that was.
    const all = [...earlier, newest];
    const workBetween = picked.slice(1).map((c, i) => {
      const from = all.indexOf(picked[i]!);
      return all.slice(from + 1, all.indexOf(c) + 1).reduce((n, x) => n + x.workMs!, 0);
    });
    expect(Math.max(...workBetween)).toBeLessThanOrEqual(300);
    // So the busy first ten ticks keep several, the quiet ninety about as many.
    expect(picked.filter((c) => c.tick > 0 && c.tick <= 10).length).toBeGreaterThanOrEqual(4);
  });

  it('spreads by ticks when some checkpoint came from a file (no work known)', () => {
    const earlier: Spaced[] = [0, 10, 11, 12, 13, 50, 90].map((tick) => ({ tick }));
    const picked = ticks(spreadPicks(earlier, { tick: 100 }, 3));
    // The four close together go first; the longest stretch left is 50 ticks, as short as it can be.
    expect(picked.filter((t) => t >= 10 && t <= 13).length).toBeLessThanOrEqual(1);
    expect(Math.max(...picked.slice(1).map((t, i) => t - picked[i]!))).toBe(50);
  });

  it('leaves the longest stretch between two as short as any choice of as many could', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (work, count) => {
          const all: Spaced[] = [{ tick: 0 }, ...work.map((w, i) => ({ tick: i + 1, workMs: w }))];
          const newest = all.pop()!;
          const longest = (picked: Spaced[]): number =>
            Math.max(
              ...picked.slice(1).map((c, i) => {
                const from = all.indexOf(picked[i]!);
                return [...all, newest]
                  .slice(from + 1, c === newest ? undefined : all.indexOf(c) + 1)
                  .reduce((n, x) => n + x.workMs!, 0);
              }),
            );
          const k = Math.min(count, all.length);
          // Every choice of k - 1 of the middle ones, with the oldest and the newest.
          let bestLongest = Infinity;
          const middle = all.slice(1);
          for (let mask = 0; mask < 1 << middle.length; mask++) {
            const chosen = middle.filter((_, i) => mask & (1 << i));
            if (chosen.length !== k - 1) continue;
            bestLongest = Math.min(bestLongest, longest([all[0]!, ...chosen, newest]));
          }
          expect(longest(spreadPicks(all, newest, count))).toBe(bestLongest);
        },
      ),
    );
  });

  it('keeps the oldest and the newest, as many as asked, in order, each once', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step: fc.integer({ min: 1, max: 50 }),
            workMs: fc.option(fc.integer({ min: 0, max: 500 })),
          }),
          {
            minLength: 0,
            maxLength: 60,
          },
        ),
        fc.integer({ min: 0, max: 70 }),
        (steps, count) => {
          let tick = 0;
          const all: Spaced[] = [{ tick: 0 }];
          for (const s of steps) {
            tick += s.step;
            all.push(s.workMs === null ? { tick } : { tick, workMs: s.workMs });
          }
          const newest = all.pop()!;
          if (all.length === 0) return;
          const picked = spreadPicks(all, newest, count);
          expect(picked).toHaveLength(Math.min(count, all.length) + 1);
          expect(picked.at(-1)).toBe(newest);
          if (count > 0) expect(picked[0]).toBe(all[0]);
          const t = ticks(picked);
          expect(t).toEqual([...new Set(t)].sort((a, b) => a - b));
        },
      ),
    );
  });
});
