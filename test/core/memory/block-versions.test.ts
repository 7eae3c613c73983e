import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BlockTrack,
  materialize,
  sameOrCopy,
  viewBlocks,
  type BlockVersion,
} from '../../../core/memory/block-versions';
import { PageStack } from '../../../core/memory/page-stack';

/** Writes `value` at `at` the way the page structures do: the block is touched before its first write. */
function write(track: BlockTrack, live: Uint16Array, at: number, value: number): void {
  const b = Math.floor(at / track.blockLength);
  if (track.dirty[b] === 0) track.touch(b, live);
  live[at] = value;
}

const writes = fc.array(fc.tuple(fc.nat(999), fc.nat(5)), { maxLength: 60 });

describe('block versions', () => {
  it('hold every state they were taken at, restored fresh or into an array that moved on', () => {
    fc.assert(
      fc.property(fc.array(writes, { minLength: 1, maxLength: 6 }), fc.nat(), (rounds, pick) => {
        const live = new Uint16Array(1000);
        const track = new BlockTrack(64, live.length);
        const versions: BlockVersion<Uint16Array>[] = [];
        const copies: Uint16Array[] = [];
        for (const round of rounds) {
          for (const [at, value] of round) write(track, live, at, value);
          versions.push(track.save(live));
          copies.push(live.slice());
        }
        const i = pick % versions.length;
        expect(materialize(versions[i]!, new Uint16Array(1000))).toEqual(copies[i]);
        // Into the live array (changed since its last version), then on from there.
        write(track, live, pick % 1000, 9);
        track.restoreInto(live, versions[i]!);
        expect(live).toEqual(copies[i]);
        for (const [at, value] of rounds[0]!) write(track, live, at, value + 1);
        track.restoreInto(live, versions[(i + 1) % versions.length]!);
        expect(live).toEqual(copies[(i + 1) % versions.length]);
        // No version was changed by any of it.
        versions.forEach((v, j) => expect(materialize(v, new Uint16Array(1000))).toEqual(copies[j]));
      }),
      { numRuns: 60 },
    );
  });

  it('a version that aliases the live array keeps its state while the array is written (copy on write)', () => {
    fc.assert(
      fc.property(writes, (round) => {
        const live = Uint16Array.from({ length: 1000 }, (_, i) => i % 7);
        const before = live.slice();
        const version = viewBlocks(live, 64);
        const track = new BlockTrack(64, live.length);
        track.adopt(version, true);
        for (const [at, value] of round) write(track, live, at, value + 10);
        expect(materialize(version, new Uint16Array(1000))).toEqual(before);
        track.restoreInto(live, version);
        expect(live).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('a version with nothing changed since the last is that one, block list and all', () => {
    const live = new Uint16Array(300);
    const track = new BlockTrack(64, live.length);
    write(track, live, 5, 1);
    const first = track.save(live);
    expect(track.save(live).blocks).toBe(first.blocks);
    write(track, live, 200, 2);
    const next = track.save(live);
    expect(next.blocks).not.toBe(first.blocks);
    expect(next.blocks[0]).toBe(first.blocks[0]);
    expect(materialize(next, new Uint16Array(300))).toEqual(live);
  });

  it("small arrays: the last version's copy when equal, else a new copy", () => {
    const previous = new Int32Array([1, 2, 3]);
    const live = new Int32Array([1, 2, 3, 9]);
    expect(sameOrCopy(live, 3, previous)).toBe(previous);
    const longer = sameOrCopy(live, 4, previous);
    expect([...longer]).toEqual([1, 2, 3, 9]);
    live[1] = 7;
    const changed = sameOrCopy(live, 3, previous);
    expect([...changed]).toEqual([1, 7, 3]);
    expect([...previous]).toEqual([1, 2, 3]);
    live[0] = 0;
    expect(changed[0]).toBe(1);
    expect([...sameOrCopy(live, 2, null)]).toEqual([0, 7]);
  });

  it('refuses to restore a version of another shape', () => {
    const track = new BlockTrack(64, 100);
    expect(() => track.restoreInto(new Uint16Array(100), viewBlocks(new Uint16Array(99), 64))).toThrow(
      /another shape/,
    );
  });
});

/** Whether two arrays of entries are equal (as bytes: a deep equal of 100,000s of elements is slow). */
function same(a: Int32Array, b: Int32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/** Pops (-1) and pushes (n >= 0) on a stack. */
const stackOps = fc.array(fc.oneof(fc.constant(-1), fc.nat(1_000_000)), { maxLength: 300 });

function apply(stack: PageStack, ops: readonly number[]): number[] {
  return ops.map((op) => (op < 0 ? stack.pop() : (stack.push(op), op)));
}

describe('page stack versions', () => {
  it('share the blocks below the lowest point reached and restore exactly, into any stack', () => {
    fc.assert(
      fc.property(fc.nat(150_000), stackOps, stackOps, (start, first, second) => {
        const live = new PageStack();
        for (let i = 0; i < start; i++) live.push(i * 3);
        const v1 = live.saveVersion();
        const at1 = live.save();
        apply(live, first);
        const v2 = live.saveVersion();
        const at2 = live.save();
        expect(same(PageStack.entriesOf(v1), at1)).toBe(true);
        expect(same(PageStack.entriesOf(v2), at2)).toBe(true);
        const into = PageStack.fromVersion(v1, live);
        expect(same(into.save(), at1)).toBe(true);
        // A restored stack behaves as the original did from there.
        const reference = PageStack.restore(at1);
        expect(apply(into, second)).toEqual(apply(reference, second));
        expect(same(into.save(), reference.save())).toBe(true);
        expect(same(PageStack.fromVersion(v2, null).save(), at2)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('share the whole list when nothing changed, and blocks popped and pushed back as they were', () => {
    const live = new PageStack();
    for (let i = 0; i < 10_000; i++) live.push(i);
    const v1 = live.saveVersion();
    expect(live.saveVersion().blocks).toBe(v1.blocks);
    for (let i = 0; i < 6000; i++) live.pop();
    for (let i = 4000; i < 10_000; i++) live.push(i);
    const v2 = live.saveVersion();
    v2.blocks.forEach((block, b) => expect(block).toBe(v1.blocks[b]));
    live.pop();
    live.push(-1);
    const v3 = live.saveVersion();
    expect(v3.blocks.at(-1)).not.toBe(v1.blocks.at(-1));
    expect(PageStack.entriesOf(v3).at(-1)).toBe(-1);
    expect(PageStack.entriesOf(v1).at(-1)).toBe(9999);
  });

  it('adopts saved entries without a copy and writes past them only after copying their block', () => {
    fc.assert(
      fc.property(fc.nat(200_000), stackOps, (size, ops) => {
        const entries = Int32Array.from({ length: size }, (_, i) => i + 7);
        const kept = entries.slice();
        const version = PageStack.versionOf(entries);
        const stack = PageStack.adopting(entries, version);
        const reference = PageStack.restore(kept);
        expect(apply(stack, [...ops, ...ops])).toEqual(apply(reference, [...ops, ...ops]));
        expect(same(stack.save(), reference.save())).toBe(true);
        expect(same(entries, kept)).toBe(true);
        expect(same(PageStack.fromVersion(version, stack).save(), kept)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('copies out an adopted stack a few blocks at a time between pushes and pops, writing nothing into the saved entries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), stackOps, fc.nat(3), (size, ops, limit) => {
        const entries = Int32Array.from({ length: size }, (_, i) => i * 3);
        const kept = entries.slice();
        const stack = PageStack.adopting(entries, PageStack.versionOf(entries));
        const reference = PageStack.restore(kept);
        const full = size >>> 16;
        let copied = 0;
        for (let i = 0; i < ops.length; i += 40) {
          copied += stack.ownAliased(limit);
          expect(apply(stack, ops.slice(i, i + 40))).toEqual(apply(reference, ops.slice(i, i + 40)));
        }
        for (let n = stack.ownAliased(limit + 1); n > 0; n = stack.ownAliased(limit + 1)) copied += n;
        expect(copied).toBeLessThanOrEqual(full);
        expect(same(entries, kept)).toBe(true);
        expect(same(stack.save(), reference.save())).toBe(true);
        // Every block is its own now: the saved entries may change without touching the stack.
        entries.fill(-1);
        expect(same(stack.save(), reference.save())).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('restores an adopted stack to another version without writing the saved entries, copying only the blocks that differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 70_000, max: 300_000 }), stackOps, stackOps, (size, ops, after) => {
        const entries = Int32Array.from({ length: size }, (_, i) => i * 5);
        const kept = entries.slice();
        const v0 = PageStack.versionOf(entries);
        // Another version sharing the blocks below the lowest point its stack reached.
        const other = PageStack.fromVersion(v0, null);
        apply(other, ops);
        const v1 = other.saveVersion();
        const stack = PageStack.adopting(entries, v0);
        expect(same(PageStack.fromVersion(v1, stack).save(), PageStack.entriesOf(v1))).toBe(true);
        expect(same(entries, kept)).toBe(true);
        const reference = PageStack.restore(PageStack.entriesOf(v1));
        expect(apply(stack, after)).toEqual(apply(reference, after));
        expect(same(stack.save(), reference.save())).toBe(true);
        expect(same(PageStack.fromVersion(v0, stack).save(), kept)).toBe(true);
        expect(same(entries, kept)).toBe(true);
      }),
      { numRuns: 25 },
    );
    // A version that differs at the top only leaves the first block a view of the saved entries.
    const entries = Int32Array.from({ length: 200_000 }, (_, i) => i);
    const v0 = PageStack.versionOf(entries);
    const other = PageStack.fromVersion(v0, null);
    other.pop();
    other.push(-5);
    const stack = PageStack.adopting(entries, v0);
    PageStack.fromVersion(other.saveVersion(), stack);
    const blocks = (stack as unknown as { blocks: Int32Array[] }).blocks;
    expect(blocks[0]!.buffer).toBe(entries.buffer);
    expect(blocks.at(-1)!.buffer).not.toBe(entries.buffer);
    expect(stack.pop()).toBe(-5);
  });
});
