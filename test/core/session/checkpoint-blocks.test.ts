import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import {
  decodeStackBlock,
  packedBytes,
  storedKind,
  writeBlock,
} from '../../../core/session/checkpoint-block-bytes';
import { decodeCheckpoint, encodeCheckpoint } from '../../../core/session/checkpoint-codec';
import { decodeBlockIndex, encodeBlockIndex, type BlockIndex } from '../../../core/session/checkpoint-blocks';
import { encodeSmallState } from '../../../core/session/checkpoint-small-state';
import { BlockFileReader } from '../../../core/session/checkpoint-blocks-open';
import { isSessionError } from '../../../core/session/session-error';

/** A page list as a run makes them: climbing by one, with a jump now and then. */
function climbing(n: number): Int32Array {
  const out = new Int32Array(n);
  let page = 1000;
  for (let i = 0; i < n; i++) out[i] = i % 50 === 0 ? (page += 777) : ++page;
  return out;
}

function roundTrip(block: Int32Array): { kind: number; bytes: number; back: Int32Array } {
  const { kind, runs } = storedKind(2, block);
  const bytes = packedBytes(kind, block.length, runs);
  const raw = new Uint8Array(bytes);
  writeBlock(kind, block, runs, raw, 0);
  const back = new Int32Array(block.length);
  decodeStackBlock(kind, new Int32Array(raw.buffer), 0, block.length, runs, back, 0);
  return { kind, bytes, back };
}

const index = (change: (i: BlockIndex) => void = () => undefined): Uint8Array => {
  const i: BlockIndex = {
    engineVersion: 'test',
    scenario: { name: 'x' } as unknown as Scenario,
    packs: [
      {
        rawBytes: 8,
        kinds: Uint8Array.of(0, 0),
        lengths: Uint32Array.of(4, 4),
        runs: Uint32Array.of(0, 0),
        bases: Int32Array.of(-1, -1),
      },
    ],
    fills: { kinds: Uint8Array.of(1), lengths: Uint32Array.of(4), values: Int32Array.of(0) },
    checkpoints: [
      { tick: 5, small: encodeSmallState({ a: 1 }), refs: [Int32Array.of(0, -1)] },
      { tick: 9, small: encodeSmallState({ a: 2 }), refs: [Int32Array.of(1, -1)] },
    ],
  };
  change(i);
  return encodeBlockIndex(i);
};

function refusal(bytes: Uint8Array): string {
  try {
    decodeBlockIndex(bytes);
  } catch (error) {
    expect(isSessionError(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  return 'accepted';
}

/** A reader of `bytes` whose packs hold zeros. */
function readerOf(bytes: Uint8Array): BlockFileReader {
  const decoded = decodeBlockIndex(bytes);
  return new BlockFileReader(decoded, (p) => new Uint8Array(decoded.packs[p]!.rawBytes));
}

/** 'built' when block `r` builds, else the message it is refused with (SessionError). */
function built(reader: BlockFileReader, r: number): string {
  try {
    reader.objectOf(r);
  } catch (error) {
    expect(isSessionError(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  return 'built';
}

describe('checkpoint blocks', () => {
  it('keep page lists as runs of equal differences when shorter, else as differences, and read them back exactly', () => {
    const list = climbing(4096);
    const runs = roundTrip(list);
    expect(runs.kind).toBe(3);
    expect(runs.bytes).toBeLessThan(list.byteLength / 10);
    expect(runs.back).toEqual(list);
    const scattered = Int32Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 12);
    const deltas = roundTrip(scattered);
    expect(deltas.kind).toBe(2);
    expect(deltas.back).toEqual(scattered);
  });

  it('refuse runs of a page list that overflow or do not fill their block', () => {
    const out = new Int32Array(8);
    expect(() => decodeStackBlock(3, Int32Array.of(1, 9), 0, 8, 1, out, 0)).toThrow(/does not fit its block/);
    expect(() => decodeStackBlock(3, Int32Array.of(1, 3), 0, 8, 1, out, 0)).toThrow(/do not fill its block/);
    expect(() => decodeStackBlock(3, Int32Array.of(1, -2), 0, 8, 1, out, 0)).toThrow(/does not fit/);
  });

  it('read an index back, and refuse a damaged or hostile one with what is wrong', () => {
    const good = decodeBlockIndex(index());
    expect(good.checkpoints.map((c) => c.tick)).toEqual([5, 9]);
    expect(good.packs[0]!.rawBytes).toBe(8);
    const cases: [string, Uint8Array, RegExp][] = [
      ['not an index', new Uint8Array(40).fill(3), /index does not read/],
      ['a truncated index', index().subarray(0, 60), /index does not read/],
      ['a pack larger than may be', index((i) => (i.packs[0]!.rawBytes = 2 ** 30)), /larger than/],
      ['a missing block', index((i) => (i.checkpoints[1]!.refs[0]![0] = 2)), /does not hold/],
      ['a missing fill', index((i) => (i.checkpoints[1]!.refs[0]![1] = -2)), /does not hold/],
      [
        'a fill table not whole',
        index((i) => (i.fills.values = new Int32Array(0))),
        /fill table is not whole/,
      ],
      ['ticks out of order', index((i) => (i.checkpoints[1]!.tick = 5)), /no tick after/],
      ['no checkpoints', index((i) => (i.checkpoints = [])), /no checkpoints/],
      [
        'too many checkpoints',
        index(
          (i) => (i.checkpoints = Array.from({ length: 257 }, (_, t) => ({ ...i.checkpoints[0]!, tick: t }))),
        ),
        /more than 256/,
      ],
      [
        'delta bases missing',
        index((i) => (i.packs[0]!.bases = new Int32Array(0))),
        /as many kinds as sizes, run counts and bases/,
      ],
    ];
    for (const [what, bytes, message] of cases) expect(refusal(bytes), what).toMatch(message);
  });

  it('refuse damaged blocks of a pack or delta bases when a block of it is first read, not when the index is', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['an unknown block kind', index((i) => (i.packs[0]!.kinds[0] = 9)), /unknown kind/],
      ['a huge block', index((i) => (i.packs[0]!.lengths[0] = 2 ** 31)), /impossible size/],
      ['runs on a raw block', index((i) => (i.packs[0]!.runs[0] = 2)), /impossible size/],
      ['a pack that does not add up', index((i) => (i.packs[0]!.rawBytes = 12)), /pack 1 does not add up/],
      ['a base on a whole block', index((i) => (i.packs[0]!.bases[0] = 1)), /no delta but has a base/],
      ['a delta without a base', index((i) => (i.packs[0]!.kinds[0] = 4)), /block the file does not hold/],
      [
        'a delta of a block out of range',
        index((i) => ((i.packs[0]!.kinds[0] = 4), (i.packs[0]!.bases[0] = 99))),
        /block 1 of pack 1 is a delta of a block the file does not hold/,
      ],
      [
        'a delta of itself',
        index((i) => ((i.packs[0]!.kinds[0] = 4), (i.packs[0]!.bases[0] = 0))),
        /delta of a block the file does not hold/,
      ],
      [
        'a loop of deltas',
        index((i) => ((i.packs[0]!.kinds = Uint8Array.of(4, 4)), (i.packs[0]!.bases = Int32Array.of(1, 0)))),
        /longer than 256, or a loop/,
      ],
      [
        'a delta of a block of another size',
        index(
          (i) => (
            (i.packs[0]!.kinds[0] = 4),
            (i.packs[0]!.bases[0] = 1),
            (i.packs[0]!.lengths[1] = 8),
            (i.packs[0]!.rawBytes = 12)
          ),
        ),
        /another kind or size/,
      ],
      [
        'a delta as runs of no bytes',
        index((i) => ((i.packs[0]!.kinds[0] = 7), (i.packs[0]!.bases[0] = 1))),
        /block 1 of pack 1 has an impossible size/,
      ],
      [
        'a delta as runs longer than its block may take',
        index(
          (i) => (
            (i.packs[0]!.kinds[0] = 7),
            (i.packs[0]!.bases[0] = 1),
            (i.packs[0]!.runs[0] = 17),
            (i.packs[0]!.rawBytes = 24)
          ),
        ),
        /block 1 of pack 1 has an impossible size/,
      ],
      [
        'a delta as runs that do not read (the pack holds zeros: a run of no elements)',
        index((i) => ((i.packs[0]!.kinds[0] = 7), (i.packs[0]!.bases[0] = 1), (i.packs[0]!.runs[0] = 4))),
        /a run of a delta block does not fit its block/,
      ],
      [
        'a delta of a block of another kind',
        index((i) => ((i.packs[0]!.kinds[0] = 5), (i.packs[0]!.lengths[0] = 2), (i.packs[0]!.bases[0] = 1))),
        /another kind or size/,
      ],
    ];
    // A file of format 2 (as builds before deltas as runs wrote it) reads, and holds none.
    const asFormat2 = (bytes: Uint8Array): Uint8Array => {
      const snapshot = decodeCheckpoint(bytes, true);
      return encodeCheckpoint({ ...snapshot, state: { ...snapshot.state, format: 2 } });
    };
    const xorDelta = asFormat2(index((i) => ((i.packs[0]!.kinds[0] = 4), (i.packs[0]!.bases[0] = 1))));
    expect(decodeBlockIndex(xorDelta).runDeltas).toBe(false);
    expect(built(readerOf(xorDelta), 0)).toBe('built');
    const reader2 = readerOf(
      asFormat2(
        index((i) => ((i.packs[0]!.kinds[0] = 7), (i.packs[0]!.bases[0] = 1), (i.packs[0]!.runs[0] = 4))),
      ),
    );
    expect(built(reader2, 0)).toMatch(/block 1 of pack 1 is of an unknown kind/);
    for (const [what, bytes, message] of cases) {
      expect(refusal(bytes), what).toBe('accepted');
      const reader = readerOf(bytes);
      expect(built(reader, 0), what).toMatch(message);
      // Asked again: refused the same way (nothing half built is kept).
      expect(built(reader, 0), what).toMatch(message);
    }
    // A block whose chain is whole still builds beside a damaged one, and a pack's blocks read
    // well beside a damaged pack.
    const mixed = readerOf(index((i) => ((i.packs[0]!.kinds[0] = 4), (i.packs[0]!.bases[0] = 99))));
    expect(built(mixed, 1)).toBe('built');
    expect(built(mixed, 0)).toMatch(/does not hold/);
    const twoPacks = readerOf(
      index((i) => {
        i.packs.push({ ...i.packs[0]!, kinds: Uint8Array.of(9, 0) });
      }),
    );
    expect(built(twoPacks, 0)).toBe('built');
    expect(built(twoPacks, 3)).toMatch(/block 1 of pack 2 is of an unknown kind/);
  });

  it('read a delta chain as long as a file has checkpoints, and indexes of the format before deltas', () => {
    const chain = (n: number): Uint8Array =>
      index((i) => {
        i.packs[0] = {
          rawBytes: 4 * n,
          kinds: Uint8Array.from({ length: n }, (_, b) => (b === n - 1 ? 0 : 4)),
          lengths: new Uint32Array(n).fill(4),
          runs: new Uint32Array(n),
          bases: Int32Array.from({ length: n }, (_, b) => (b === n - 1 ? -1 : b + 1)),
        };
      });
    expect(decodeBlockIndex(chain(257)).packs[0]!.bases[0]).toBe(1);
    expect(built(readerOf(chain(257)), 0)).toBe('built');
    const tooLong = readerOf(chain(258));
    // Its chain from the second block is as long as may be; from the first, one longer.
    expect(built(tooLong, 1)).toBe('built');
    expect(built(tooLong, 0)).toMatch(/block 1 of pack 1 is a delta in a chain longer than 256, or a loop/);
    const good = decodeBlockIndex(index());
    const v1 = encodeCheckpoint({
      engineVersion: 'test',
      tick: 9,
      scenario: good.scenario,
      state: {
        format: 1,
        packs: good.packs.map(({ bases: _b, ...p }) => p),
        fills: good.fills,
        checkpoints: good.checkpoints,
      },
    });
    const old = decodeBlockIndex(v1);
    expect(old.checkpoints.map((c) => [...c.refs[0]!])).toEqual([
      [0, -1],
      [1, -1],
    ]);
    expect([...old.packs[0]!.bases]).toEqual([-1, -1]);
  });

  it('decompress ahead only the packs a checkpoint is still to be built from, down its delta chains', () => {
    const pack = (kinds: number[], bases: number[]): BlockIndex['packs'][number] => ({
      rawBytes: 4 * kinds.length,
      kinds: Uint8Array.from(kinds),
      lengths: new Uint32Array(kinds.length).fill(4),
      runs: new Uint32Array(kinds.length),
      bases: Int32Array.from(bases),
    });
    const twoCheckpoints = (loop: boolean): BlockFileReader =>
      readerOf(
        index((i) => {
          // Block 0 (pack 1) the newest's; block 1 (pack 2) the earlier one's, a delta of block 0
          // (or, damaged, of block 3, itself a delta of block 1); block 2 (pack 3) both share.
          i.packs = [pack([0], [-1]), pack([4], [loop ? 3 : 0]), pack([0, 4], [-1, 1])];
          i.checkpoints[0]!.refs = [Int32Array.of(1, 2)];
          i.checkpoints[1]!.refs = [Int32Array.of(0, 2)];
        }),
      );
    const reader = twoCheckpoints(false);
    expect(reader.packsOf(0)).toEqual([0, 1, 2]);
    expect(reader.packsOf(1)).toEqual([0, 2]);
    // The newest's blocks built: the earlier one still needs its own delta's pack only.
    reader.objectOf(0);
    reader.objectOf(2);
    expect(reader.packsOf(0)).toEqual([1]);
    reader.objectOf(1);
    expect(reader.packsOf(0)).toEqual([]);
    // A loop of bases in a damaged file ends (building it is refused).
    const looped = twoCheckpoints(true);
    expect(looped.packsOf(0)).toEqual([1, 2]);
    expect(built(looped, 1)).toMatch(/loop/);
  });
});
