import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSmallDelta,
  madeSmallState,
  pendingSmallState,
} from '../../../core/session/checkpoint-small-chain';
import { xorSmallState } from '../../../core/session/checkpoint-small-delta';
import { encodeSmallState } from '../../../core/session/checkpoint-small-state';
import { smallStatePair } from './small-state-pair';

describe('earlier small states read from their deltas (checkpoint-small-chain)', () => {
  it('decode from checkpoint bytes as well: the state back, unchanged arrays as the newer ones, whatever the lengths and offsets', () => {
    fc.assert(
      fc.property(smallStatePair, fc.integer({ min: 0, max: 60 }), ({ own, newer }, zeros) => {
        // Lists that differ only past their first words, and unchanged lists nested in arrays.
        const long = { head: new Int32Array(zeros + 1).fill(7), tail: newer.list.slice(0, 0) };
        const longNewer = { head: new Int32Array(zeros + 1).fill(7), tail: newer.list.slice(0, 0) };
        long.head[zeros] = 5;
        const full = { ...own, more: [long, { same: newer.list.slice() }] as const };
        const fullNewer = { ...newer, more: [longNewer, { same: newer.list }] as const };
        const coded = xorSmallState(full, fullNewer) as Record<string, unknown>;
        const back = decodeSmallDelta(encodeSmallState(coded), fullNewer) as unknown as typeof full;
        expect(back).toEqual(full);
        expect(back.more[1].same).toBe(newer.list);
        expect(back.more[0].tail).toBe(longNewer.tail);
        if (own.list.length === newer.list.length && own.list.every((v, i) => v === newer.list[i]))
          expect(back.list).toBe(newer.list);
        else expect(back.list).not.toBe(newer.list);
      }),
    );
  });

  it('decode arrays stored as runs, raw or as climbing runs exactly, and leave the newer state as it was', () => {
    const stretch = fc.record({
      from: fc.nat({ max: 400 }),
      count: fc.integer({ min: 1, max: 200 }),
      value: fc.integer(),
    });
    const lists = fc.record({
      kind: fc.integer({ min: 0, max: 2 }),
      length: fc.nat({ max: 600 }),
      newerLength: fc.nat({ max: 600 }),
      base: fc.integer(),
      stretches: fc.array(stretch, { maxLength: 6 }),
      noise: fc.boolean(),
    });
    fc.assert(
      fc.property(lists, ({ kind, length, newerLength, base, stretches, noise }) => {
        const make = (n: number): Uint8Array | Uint16Array | Int32Array =>
          kind === 0 ? new Uint8Array(n) : kind === 1 ? new Uint16Array(n) : new Int32Array(n);
        const newerList = make(newerLength).fill(base);
        // Equal to the newer list but for a few stretches (runs), everywhere (raw) or by climbing.
        const list = make(length);
        list.set(newerList.subarray(0, length));
        for (const { from, count, value } of stretches) list.fill(value, from, from + count);
        if (noise) for (let i = 0; i < length; i += 3) list[i] = list[i]! + i * 7919;
        const climbing = Int32Array.from({ length: 300 }, (_, i) => 100 + i);
        const own = { list, climbing, n: 1 };
        const newerState = { list: newerList, climbing: new Int32Array(300), n: 2 };
        const before = newerList.slice();
        const bytes = encodeSmallState(xorSmallState(own, newerState) as Record<string, unknown>);
        const back = decodeSmallDelta(bytes, newerState) as typeof own;
        expect(Array.from(back.list)).toEqual(Array.from(list));
        expect(back.list).toBeInstanceOf(list.constructor);
        expect(Array.from(back.climbing)).toEqual(Array.from(climbing));
        expect(Array.from(newerList)).toEqual(Array.from(before));
      }),
    );
  });

  it('refuse damaged deltas as a checkpoint would, runs of zeros that do not add up included', () => {
    const newerState = { list: new Int32Array(4096).fill(3), other: new Int32Array(64).fill(1) };
    const own = { list: newerState.list.slice(), other: new Int32Array(64).fill(2) };
    const bytes = encodeSmallState(xorSmallState(own, newerState) as Record<string, unknown>);
    const back = decodeSmallDelta(bytes.slice(), newerState);
    expect(back['list']).toBe(newerState.list);
    const refusal = (b: Uint8Array): string => {
      try {
        decodeSmallDelta(b, newerState);
      } catch (error) {
        return (error as Error).message;
      }
      return 'read';
    };
    expect(refusal(bytes.slice(0, bytes.length - 8))).toMatch(/runs past the end|after its last/);
    // The unchanged list is one run of zeros, never expanded: its count must still be checked.
    const skeletonBytes = new DataView(bytes.buffer).getUint32(12, true);
    const first = 16 + Math.ceil(skeletonBytes / 8) * 8;
    const short = bytes.slice();
    new DataView(short.buffer).setInt32(first + 4, 4000, true);
    expect(refusal(short)).toMatch(/array 0 holds 4000 words, expected 4096/);
    const over = bytes.slice();
    new DataView(over.buffer).setInt32(first + 4, 5000, true);
    expect(refusal(over)).toMatch(/array 0 has a run that does not fit/);
  });

  it('make a state through a chain of pending ones as step by step, whatever the lengths, types and order', () => {
    const list = fc.record({
      kind: fc.integer({ min: 0, max: 2 }),
      length: fc.constantFrom(0, 5, 37, 64, 96, 130),
      base: fc.integer(),
      stretch: fc.record({ from: fc.nat({ max: 140 }), count: fc.nat({ max: 20 }), value: fc.integer() }),
    });
    fc.assert(
      fc.property(fc.array(list, { minLength: 2, maxLength: 8 }), fc.nat(), (lists, pick) => {
        // Mostly one kind (chains of deltas), now and then another (a chain broken).
        const states = lists.map(({ kind, length, base, stretch }) => {
          const type = [Uint8Array, Uint16Array, Int32Array][kind === 2 ? 1 : 0]!;
          const a = new type(length).fill(base);
          a.fill(stretch.value, stretch.from, stretch.from + stretch.count);
          return { list: a, fixed: Int32Array.of(length, 1, 2, 3, 4, 5, 6, 7, 8), n: length };
        });
        const newest = states.length - 1;
        const deltas = states.map((s, j) =>
          j === newest ? null : encodeSmallState(xorSmallState(s, states[j + 1]) as Record<string, unknown>),
        );
        const newestState = { ...states[newest]! };
        const pending: Record<string, unknown>[] = [];
        let newer: Record<string, unknown> = newestState;
        for (let j = newest - 1; j >= 0; j--) newer = pending[j] = pendingSmallState(deltas[j]!, newer);
        // One state made first, then all the others, newest to oldest.
        const first = pick % newest;
        const made = new Map([[first, madeSmallState(pending[first]!)]]);
        for (let j = newest - 1; j >= 0; j--) if (j !== first) made.set(j, madeSmallState(pending[j]!));
        for (let j = 0; j < newest; j++) {
          const got = made.get(j) as { list: ArrayLike<number>; fixed: Int32Array; n: number };
          expect(got.list).toBeInstanceOf(states[j]!.list.constructor);
          expect(Array.from(got.list)).toEqual(Array.from(states[j]!.list));
          expect(Array.from(got.fixed)).toEqual(Array.from(states[j]!.fixed));
          expect(got.n).toBe(states[j]!.n);
        }
        expect(Array.from(newestState.list)).toEqual(Array.from(states[newest]!.list));
      }),
      { numRuns: 300 },
    );
  });
});
