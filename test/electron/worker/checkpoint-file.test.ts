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
  encodeBlockIndex,
  type BlockIndex,
} from '../../../core/session/checkpoint-blocks';
import { decodeSmallState, listShapesOf } from '../../../core/session/checkpoint-small-state';
import { isSessionError } from '../../../core/session/session-error';
import { versionsUpTo } from '../../../electron/worker/save-checkpoints';
import { CheckpointFiles, type CheckpointFileParts } from '../../../electron/worker/checkpoint-file';
import { CheckpointStore } from '../../../electron/worker/checkpoint-store';
import { addedVersionBytes as addedBytes } from '../../../core/engine/version-bytes';

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
  // Every checkpoint's references read before one changes (an earlier one's are decoded from the newer one's).
  for (const c of index.checkpoints) void c.refs;
  change(index);
  return { ...parts, index: deflateRawSync(encodeBlockIndex(index)) };
};

/** Where two states differ first (typed arrays by type and bytes, objects by key), or null. */
function firstDifference(a: unknown, b: unknown, path = 'state'): string | null {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor.name !== b.constructor.name)
      return path;
    const bytes = (v: ArrayBufferView): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return bytes(a).equals(bytes(b)) ? null : path;
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b) ? null : path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
    );
    if (d !== null) return d;
  }
  return null;
}

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

  it('keep earlier checkpoints as deltas of the next newer one, built after opening, each byte for byte the run that never left', async () => {
    const { kept } = run();
    const parts = await new CheckpointFiles().save(kept, 1e9);
    const index = indexOf(parts);
    expect(index.smallDeltas).toBe(true);
    expect(index.packs.some((p) => p.kinds.some((k) => k >= 4))).toBe(true);
    expect(index.packs.every((p, i) => p.kinds.every((k, b) => k >= 4 === p.bases[b]! >= 0) || i < 0)).toBe(
      true,
    );
    // Most deltas of page bytes and cells as runs (format 3), their raw bytes a fraction of the blocks'.
    const deltas = index.packs.flatMap((p) =>
      [...p.kinds].map((k, b) => ({ k, p, b })).filter((d) => d.k >= 4),
    );
    const asRuns = deltas.filter((d) => d.k >= 7);
    expect(asRuns.length).toBeGreaterThan(deltas.length / 2);
    const runBytes = asRuns.reduce((n, d) => n + d.p.runs[d.b]!, 0);
    const blockBytes = asRuns.reduce((n, d) => n + d.p.lengths[d.b]! * (d.k === 7 ? 1 : 2), 0);
    expect(runBytes).toBeLessThan(blockBytes / 2);
    const s = store();
    new CheckpointFiles().open(parts, s, scenario, 140);
    // Built in the background, newest to oldest, a turn of the event loop each (their packs
    // decompressed on zlib's threads first).
    for (let wait = 0; wait < 500 && s.ticks.some((t) => s.nearest(t)!.version === null); wait++)
      await new Promise((resolve) => setTimeout(resolve, 2));
    expect(s.ticks.every((t) => s.nearest(t)!.version !== null)).toBe(true);
    const fresh = createEngine(scenario) as SimEngine;
    for (const tick of ticks.slice(0, -1)) {
      fresh.runUntil(tick);
      fresh.drainLog();
      const jumped = s.restore(s.nearest(tick)!, scenario);
      expect(jumped.tick).toBe(tick);
      // Every field and array of the engine's state, and its digest.
      expect(firstDifference(jumped.snapshot(), fresh.snapshot()), `tick ${tick}`).toBeNull();
      expect(stateDigest(jumped)).toBe(stateDigest(fresh));
    }
  });

  it('build a checkpoint far back at once after opening, byte for byte, and save again reusing every pack', async () => {
    const { kept } = run();
    const parts = await new CheckpointFiles().save(kept, 1e9);
    const s = store();
    const files = new CheckpointFiles();
    files.open(parts, s, scenario, 140);
    // Right away, before the background built any: the oldest from the newest down its chains.
    const expected = (tick: number): SimEngine => {
      const fresh = createEngine(scenario) as SimEngine;
      fresh.runUntil(tick);
      fresh.drainLog();
      return fresh;
    };
    const oldest = s.restore(s.nearest(ticks[0]!)!, scenario);
    expect(firstDifference(oldest.snapshot(), expected(ticks[0]!).snapshot())).toBeNull();
    // The ones between built after it, and a save then knows every block with its base.
    const again = await files.save(versionsUpTo(s, 140, scenario), 1e9);
    expect(again.packs.every((p) => parts.packs.includes(p))).toBe(true);
    for (const tick of ticks.slice(0, -1)) {
      const jumped = s.restore(s.nearest(tick)!, scenario);
      expect(firstDifference(jumped.snapshot(), expected(tick).snapshot()), `tick ${tick}`).toBeNull();
    }
  });

  it('compress only the blocks changed since the last save, also after opening a file', async () => {
    const { engine, kept } = run();
    const files = new CheckpointFiles();
    const first = await files.save(kept, 1e9);
    engine.runUntil(150);
    const v150 = saveWorldVersion(engine.world);
    const second = await files.save([...kept, { tick: 150, version: v150 }], 1e9);
    // New: the blocks changed since, whole, and the previous newest's as deltas of them.
    const fresh = second.packs.flatMap((p, k) => (first.packs.includes(p) ? [] : [k]));
    const freshRaw = fresh.reduce((n, k) => n + indexOf(second).packs[k]!.rawBytes, 0);
    expect(fresh.length).toBeGreaterThan(0);
    expect(freshRaw).toBeLessThanOrEqual(2 * addedBytes(v150, kept.at(-1)!.version));
    expect(first.packs.filter((p) => second.packs.includes(p)).length).toBeGreaterThan(
      first.packs.length / 2,
    );
    // Blocks no checkpoint holds any more do not stay: a pack mostly of them is compressed anew.
    const slimSet = [kept.at(-1)!, { tick: 150, version: v150 }];
    // The budget holds the index too.
    const packed = (p: CheckpointFileParts): number =>
      p.packs.reduce((n, b) => n + b.byteLength, p.index.byteLength);
    const slim = await files.save(slimSet, 1e9);
    const anew = await new CheckpointFiles().save(slimSet, 1e9);
    expect(packed(slim)).toBeLessThan(packed(anew) * 1.1);

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
    // The budget holds the index too.
    const packed = (p: CheckpointFileParts): number =>
      p.packs.reduce((n, b) => n + b.byteLength, p.index.byteLength);
    const all = packed(await new CheckpointFiles().save(kept, 1e9));
    const budget = (packed(parts) + all) / 2;
    const some = await new CheckpointFiles().save(kept, budget);
    expect(packed(some)).toBeLessThanOrEqual(budget);
    expect(indexOf(some).checkpoints.at(-1)!.tick).toBe(140);
    // Not the newest alone: earlier ones go in while they fit.
    expect(indexOf(some).checkpoints.length).toBeGreaterThan(1);
    expect(indexOf(some).checkpoints.length).toBeLessThan(kept.length);
  });

  it('keep within the budget, with earlier checkpoints, when the run is saved again', async () => {
    const larger = parseScenarioOrThrow({
      seed: 7,
      durationS: 400,
      host: { memoryMiB: 4096, hypervisorMiB: 64 },
      vms: ['a', 'b', 'c'].map((id, i) => ({
        id,
        memoryMiB: 2048,
        workload: { kind: 'sine', meanMiB: 1200, amplitudeMiB: 500, periodS: 60 + 20 * i },
      })),
    });
    const engine = createEngine(larger) as SimEngine;
    const many: { tick: number; version: WorldVersion }[] = [];
    for (let tick = 20; tick <= 400; tick += 20) {
      engine.runUntil(tick);
      engine.drainLog();
      many.push({ tick, version: saveWorldVersion(engine.world) });
    }
    const packed = (p: CheckpointFileParts): number =>
      p.packs.reduce((n, b) => n + b.byteLength, p.index.byteLength);
    const alone = packed(await new CheckpointFiles().save(many, 0));
    const all = packed(await new CheckpointFiles().save(many, 1e9));
    const budget = alone + (all - alone) / 3;
    const files = new CheckpointFiles();
    // The run goes on between saves (the same checkpoints again give the same file, see below).
    const counts: number[] = [];
    for (let save = 0; save < 3; save++) {
      const parts = await files.save(many.slice(0, many.length - 2 + save), budget);
      // The saves after the first pick others, whose small states differ more than the two
      // newest's: estimated from those, the file came out 60% over.
      expect(packed(parts)).toBeLessThanOrEqual(budget);
      counts.push(indexOf(parts).checkpoints.length);
    }
    // Each keeps earlier checkpoints (the run's packs of a save before, once counted whole, made
    // each next save keep fewer, down to the newest alone).
    expect(Math.min(...counts)).toBeGreaterThan(1);
  });

  it('give the same file at once for the same checkpoints saved again, and a new one once the run moved', async () => {
    const { engine, kept } = run();
    const files = new CheckpointFiles();
    const first = await files.save(kept, 1e9);
    const again = await files.save([...kept], 1e9);
    expect(again.index).toBe(first.index);
    expect(again.packs).toEqual(first.packs);
    // Another budget, or another checkpoint: saved anew.
    expect((await files.save(kept, 5e8)).index).not.toBe(first.index);
    engine.runUntil(150);
    const moved = await files.save([...kept, { tick: 150, version: saveWorldVersion(engine.world) }], 1e9);
    expect(indexOf(moved).checkpoints.at(-1)!.tick).toBe(150);
    // A new run (a session opened or started) forgets it.
    files.reset();
    expect((await files.save(kept, 1e9)).index).not.toBe(first.index);
  });

  it('refuse damaged, hostile or foreign checkpoints clearly, leaving the store as it was', async () => {
    const { kept } = run();
    const parts = await new CheckpointFiles().save(kept, 1e9);
    const index = indexOf(parts);
    const firstU8 = index.packs[0]!.kinds.indexOf(0);
    const newest = index.checkpoints.at(-1)!;
    const shapes = listShapesOf(decodeSmallState(newest.small));
    const aStack = shapes.findIndex((shape, l) => shape.kind === 2 && newest.refs[l]!.length > 0);
    // A pack of deltas of page bytes, two or more: its first, numbered in the pack and across the packs.
    const deltaPack = index.packs.findIndex(
      (p) => p.kinds.length > 1 && p.kinds.every((k) => k === 4 || k === 7),
    );
    const firstOf = (pack: number): number =>
      index.packs.slice(0, pack).reduce((n, p) => n + p.kinds.length, 0);
    const aDelta = { pack: deltaPack, block: 0, first: firstOf(deltaPack) };
    // The earliest checkpoint that refers to it (built from the file's blocks when first asked for).
    const deltaUser = index.checkpoints.findIndex((c) => c.refs.some((refs) => refs.includes(aDelta.first)));
    // A block of page bytes of the newest, numbered in its pack.
    const newestU8 = (() => {
      const l = shapes.findIndex((shape, k) => shape.kind === 0 && newest.refs[k]!.some((r) => r >= 0));
      const r = newest.refs[l]!.find((r) => r >= 0)!;
      const pack = index.packs.findIndex((_, p) => firstOf(p + 1) > r);
      return { pack, block: r - firstOf(pack) };
    })();
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
        'a reference of the newest to a block the file does not hold',
        withIndex(parts, (i) => (i.checkpoints.at(-1)!.refs[0]![0] = 10_000_000)),
        /refers to a block the file does not hold/,
      ],
      [
        'a page list referring to page bytes',
        withIndex(parts, (i) => (i.checkpoints.at(-1)!.refs[aStack]![0] = firstU8)),
        /block of another kind or size/,
      ],
      // The packs of the newest are checked when it opens, the others when first read.
      [
        'a block of an impossible size',
        withIndex(parts, (i) => (i.packs[newestU8.pack]!.lengths[0] = 2 ** 30)),
        /impossible size/,
      ],
      [
        'a pack whose blocks do not add up',
        withIndex(parts, (i) => (i.packs[newestU8.pack]!.rawBytes += 4)),
        /add up/,
      ],
      [
        'checkpoints out of order',
        withIndex(parts, (i) => (i.checkpoints[1]!.tick = 5)),
        /no tick after the one before/,
      ],
      [
        // The newest's blocks are whole in a file this app writes; another writer's deltas still read, checked.
        'a delta of the newest of a block the file does not hold',
        withIndex(parts, (i) => {
          i.packs[newestU8.pack]!.kinds[newestU8.block] = 4;
          i.packs[newestU8.pack]!.bases[newestU8.block] = 10_000_000;
        }),
        /delta of a block the file does not hold/,
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
    // Deltas or small states damaged past the newest: it opens, and building the earlier one is
    // refused (a jump there then uses the one before it, or replays).
    const damagedEarlier: [string, CheckpointFileParts, RegExp, number?][] = [
      [
        'a truncated pack of deltas',
        {
          ...parts,
          packs: parts.packs.map((p, k) => (k === deltaPack ? p.subarray(0, p.byteLength >> 1) : p)),
        },
        /damaged/,
      ],
      [
        // An earlier checkpoint's references are read when it is built, not when the file opens.
        'a reference of an earlier one to a block the file does not hold',
        withIndex(parts, (i) => (i.checkpoints[0]!.refs[0]![0] = 10_000_000)),
        /refers to a block the file does not hold/,
      ],
      [
        'a small state that does not inflate',
        withIndex(parts, (i) => (i.checkpoints[0]!.small = new Uint8Array(50).fill(255))),
        /state of checkpoint 1 does not read/,
      ],
      // A pack only earlier checkpoints refer to, and delta bases, are checked when a checkpoint
      // built from them is first built.
      [
        'a block of an unknown kind in a pack of deltas',
        withIndex(parts, (i) => (i.packs[aDelta.pack]!.kinds[aDelta.block + 1] = 9)),
        new RegExp(`block ${aDelta.block + 2} of pack ${aDelta.pack + 1} is of an unknown kind`),
        deltaUser,
      ],
      [
        'a delta of a block the file does not hold',
        withIndex(parts, (i) => (i.packs[aDelta.pack]!.bases[aDelta.block] = 10_000_000)),
        /delta of a block the file does not hold/,
        deltaUser,
      ],
      [
        'a loop of deltas',
        withIndex(parts, (i) => {
          const p = i.packs[aDelta.pack]!;
          p.kinds[aDelta.block + 1] = p.kinds[aDelta.block]!;
          p.bases[aDelta.block + 1] = aDelta.first;
          p.bases[aDelta.block] = aDelta.first + 1;
        }),
        /chain longer than 256, or a loop/,
        deltaUser,
      ],
    ];
    expect(deltaUser).toBeGreaterThanOrEqual(0);
    expect(deltaUser).toBeLessThan(ticks.length - 1);
    for (const [what, bad, message, at = 0] of damagedEarlier) {
      const s = store();
      new CheckpointFiles().open(bad, s, scenario, 140);
      expect(s.count, what).toBe(ticks.length);
      const earliest = s.nearest(ticks[at]!)!;
      let error: unknown;
      try {
        s.versionOf(earliest, scenario);
      } catch (e) {
        error = e;
      }
      expect(isSessionError(error), `${what}: ${String(error)}`).toBe(true);
      expect((error as Error).message, what).toMatch(message);
      // Asked again (a jump after the background build failed): refused the same way, not rebuilt.
      expect(() => s.versionOf(earliest, scenario), what).toThrow(/damaged/);
    }
  });
});

type Scenario = typeof scenario;
