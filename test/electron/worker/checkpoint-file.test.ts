import { brotliCompressSync, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import { saveWorldVersion, type WorldVersion } from '../../../core/engine/world-version';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { isFillBlock } from '../../../core/memory/block-versions';
import {
  blockListsOf,
  decodeBlockIndex,
  decodeSmallState,
  encodeBlockIndex,
  listShapesOf,
  type BlockIndex,
} from '../../../core/session/checkpoint-blocks';
import { isSessionError } from '../../../core/session/session-error';
import {
  CheckpointFiles,
  versionsUpTo,
  type CheckpointFileParts,
} from '../../../electron/worker/checkpoint-file';
import { CheckpointStore } from '../../../electron/worker/checkpoint-store';

const scenario = parseScenarioOrThrow({
  seed: 5,
  durationS: 200,
  host: { memoryMiB: 512, hypervisorMiB: 16 },
  vms: [
    { id: 'a', memoryMiB: 256, workload: { kind: 'sine', meanMiB: 180, amplitudeMiB: 60, periodS: 40 } },
    { id: 'b', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 200, activePct: 30 } },
  ],
});
const ticks = [20, 60, 100, 140];
const store = (): CheckpointStore =>
  new CheckpointStore(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes: 1e9 });

/** A run with a version of its world at each of `ticks`, and the digest there. */
function run(): {
  engine: SimEngine;
  kept: { tick: number; version: WorldVersion }[];
  digests: Map<number, string>;
} {
  const engine = createEngine(scenario) as SimEngine;
  const kept: { tick: number; version: WorldVersion }[] = [];
  const digests = new Map<number, string>();
  for (const tick of ticks) {
    engine.runUntil(tick);
    engine.drainLog();
    kept.push({ tick, version: saveWorldVersion(engine.world) });
    digests.set(tick, stateDigest(engine));
  }
  return { engine, kept, digests };
}

const indexOf = (parts: CheckpointFileParts): BlockIndex => decodeBlockIndex(inflateRawSync(parts.index));
const withIndex = (parts: CheckpointFileParts, change: (index: BlockIndex) => void): CheckpointFileParts => {
  const index = indexOf(parts);
  change(index);
  return { ...parts, index: deflateRawSync(encodeBlockIndex(index)) };
};

describe('checkpoint files', () => {
  it('keep several checkpoints sharing their blocks; the newest opens, the earlier ones restore exactly, and all go on as if never stopped', async () => {
    const { engine, kept, digests } = run();
    const parts = await new CheckpointFiles().save(kept, 1e9);
    expect(indexOf(parts).checkpoints.map((c) => c.tick)).toEqual(ticks);
    // A block the checkpoints share is held once.
    const held = indexOf(parts).packs.reduce((n, p) => n + p.kinds.length, 0);
    const each = kept.map(
      (k) => blockListsOf(k.version).flatMap((l) => l.blocks.filter((b) => !isFillBlock(b))).length,
    );
    expect(held).toBeLessThan(each.reduce((a, b) => a + b, 0));
    expect(held).toBeGreaterThanOrEqual(Math.max(...each));

    const s = store();
    const opened = new CheckpointFiles().open(parts, s, scenario, 150);
    expect(opened.tick).toBe(140);
    expect(stateDigest(opened)).toBe(digests.get(140));
    expect(s.ticks).toEqual(ticks);
    const earlier = ticks.slice(0, -1).map((t) => s.restore(s.nearest(t)!, scenario));
    earlier.forEach((e, i) => expect(stateDigest(e)).toBe(digests.get(ticks[i]!)));
    engine.runUntil(190);
    for (const e of [opened, ...earlier]) {
      e.runUntil(190);
      expect(stateDigest(e)).toBe(stateDigest(engine));
    }
  });

  it('compress only the blocks changed since the last save, also after opening a file', async () => {
    const { engine, kept } = run();
    const files = new CheckpointFiles();
    const first = await files.save(kept, 1e9);
    engine.runUntil(150);
    const second = await files.save([...kept, { tick: 150, version: saveWorldVersion(engine.world) }], 1e9);
    expect(first.packs.every((p) => second.packs.includes(p))).toBe(true);
    expect(second.packs.length).toBeGreaterThan(first.packs.length);

    const s = store();
    const reopened = new CheckpointFiles();
    const opened = reopened.open(first, s, scenario, 140) as SimEngine;
    const again = await reopened.save(versionsUpTo(s, 140, scenario), 1e9);
    expect(again.packs.every((p) => first.packs.includes(p))).toBe(true);
    expect(indexOf(again).checkpoints.map((c) => c.tick)).toEqual(ticks);
    // The opened engine writes its pages: what it did not change is still known.
    opened.runUntil(141);
    s.take(opened);
    const later = await reopened.save(versionsUpTo(s, 141, scenario), 1e9);
    const reused = later.packs.filter((p) => first.packs.includes(p)).length;
    expect(reused).toBe(first.packs.length);
  });

  it('keep earlier ones only while their packs fit the budget, the newest always', async () => {
    const { kept } = run();
    const parts = await new CheckpointFiles().save(kept, 0);
    expect(indexOf(parts).checkpoints.map((c) => c.tick)).toEqual([140]);
    const packed = (p: CheckpointFileParts): number => p.packs.reduce((n, b) => n + b.byteLength, 0);
    const all = packed(await new CheckpointFiles().save(kept, 1e9));
    const budget = (packed(parts) + all) / 2;
    const some = await new CheckpointFiles().save(kept, budget);
    expect(packed(some)).toBeLessThanOrEqual(budget);
    expect(indexOf(some).checkpoints.at(-1)!.tick).toBe(140);
  });

  it('refuse damaged, hostile or foreign checkpoints clearly, leaving the store as it was', async () => {
    const { kept } = run();
    const parts = await new CheckpointFiles().save(kept, 1e9);
    const index = indexOf(parts);
    const firstU8 = index.packs[0]!.kinds.indexOf(0);
    const newest = index.checkpoints.at(-1)!;
    const shapes = listShapesOf(decodeSmallState(newest.small));
    const aStack = shapes.findIndex((shape, l) => shape.kind === 2 && newest.refs[l]!.length > 0);
    const cases: [string, CheckpointFileParts, RegExp, Scenario?, number?][] = [
      ['garbage index', { ...parts, index: new Uint8Array(64).fill(7) }, /damaged/],
      [
        'truncated index',
        { ...parts, index: parts.index.subarray(0, parts.index.byteLength >> 1) },
        /damaged/,
      ],
      ['a pack missing', { ...parts, packs: parts.packs.slice(1) }, /damaged: the file holds/],
      [
        'a garbage pack',
        { ...parts, packs: [new Uint8Array(99).fill(3), ...parts.packs.slice(1)] },
        /damaged/,
      ],
      [
        'a pack larger than it says',
        {
          ...parts,
          packs: [brotliCompressSync(new Uint8Array(index.packs[0]!.rawBytes + 64)), ...parts.packs.slice(1)],
        },
        /damaged/,
      ],
      [
        'a reference to a block the file does not hold',
        withIndex(parts, (i) => (i.checkpoints[0]!.refs[0]![0] = 10_000_000)),
        /refers to a block the file does not hold/,
      ],
      [
        'a page list referring to page bytes',
        withIndex(parts, (i) => (i.checkpoints.at(-1)!.refs[aStack]![0] = firstU8)),
        /block of another kind or size/,
      ],
      [
        'a block of an impossible size',
        withIndex(parts, (i) => (i.packs[0]!.lengths[0] = 2 ** 30)),
        /impossible size/,
      ],
      ['a pack whose blocks do not add up', withIndex(parts, (i) => (i.packs[0]!.rawBytes += 4)), /add up/],
      [
        'checkpoints out of order',
        withIndex(parts, (i) => (i.checkpoints[1]!.tick = 5)),
        /no tick after the one before/,
      ],
      ['another scenario', parts, /another scenario/, { ...scenario, seed: 6 }],
      ['a tick past the session', parts, /past tick 100/, scenario, 100],
    ];
    for (const [what, bad, message, sc = scenario, maxTick = 140] of cases) {
      const s = store();
      let error: unknown;
      try {
        new CheckpointFiles().open(bad, s, sc, maxTick);
      } catch (e) {
        error = e;
      }
      expect(isSessionError(error), `${what}: ${String(error)}`).toBe(true);
      expect((error as Error).message, what).toMatch(message);
      expect(s.count, what).toBe(0);
    }
  });
});

type Scenario = typeof scenario;
