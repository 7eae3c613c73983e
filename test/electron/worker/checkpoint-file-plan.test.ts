import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { saveWorldVersion } from '../../../core/engine/world-version';
import { isFillBlock, type BlockArray } from '../../../core/memory/block-versions';
import { storedKind } from '../../../core/session/checkpoint-block-bytes';
import { blockListsOf } from '../../../core/session/checkpoint-blocks';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { Planner, type Entry, type Pack } from '../../../electron/worker/checkpoint-file-plan';

const scenario = parseScenarioOrThrow({
  seed: 3,
  durationS: 60,
  host: { memoryMiB: 512, hypervisorMiB: 16 },
  vms: [{ id: 'a', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 200, activePct: 30 } }],
});

/** A checkpoint whose blocks a save before put in one pack `share` of which they are (the rest: blocks no checkpoint holds now). */
function knownIn(share: number): {
  planner: Planner;
  picked: { tick: number; version: ReturnType<typeof saveWorldVersion> }[];
  packBytes: number;
} {
  const engine = createEngine(scenario) as SimEngine;
  engine.runUntil(30);
  const version = saveWorldVersion(engine.world);
  const blocks: { block: BlockArray; kind: number; runs: number }[] = [];
  for (const list of blockListsOf(version))
    for (const block of list.blocks)
      if (!isFillBlock(block)) blocks.push({ block, ...storedKind(list.kind, block) });
  const neededRaw = blocks.reduce((n, b) => n + (b.kind === 3 ? b.runs * 8 : b.block.byteLength), 0);
  const packBytes = 100_000;
  const pack: Pack = {
    info: {
      rawBytes: Math.round(neededRaw / share),
      kinds: Uint8Array.from(blocks, (b) => b.kind),
      lengths: Uint32Array.from(blocks, (b) => b.block.length),
      runs: Uint32Array.from(blocks, (b) => b.runs),
      bases: new Int32Array(blocks.length).fill(-1),
    },
    bytes: new Uint8Array(packBytes),
    baseOf: blocks.map(() => undefined),
  };
  const known = new WeakMap<BlockArray, Entry>();
  blocks.forEach((b, index) => known.set(b.block, { pack, index }));
  const planner = new Planner(known, new WeakMap(), { raw: [1, 1, 1], delta: [1, 1, 1] });
  return { planner, picked: [{ tick: 30, version }], packBytes };
}

const noPause = async (): Promise<void> => undefined;

describe('checkpoint file planner', () => {
  it('charges a known pack a file needs less than half of by that share: it is compressed anew with only those blocks', async () => {
    const { planner, picked, packBytes } = knownIn(0.25);
    const decided = await planner.decide(picked, new Set(), noPause);
    expect(decided.fresh).toEqual([]);
    // Charged whole while checkpoints were picked, such packs made each next save of a run hold fewer.
    expect(decided.bytes).toBeCloseTo(packBytes * 0.25, 0);
  });

  it('charges a pack a file needs most of whole: it goes in as it is', async () => {
    const { planner, picked, packBytes } = knownIn(0.75);
    const decided = await planner.decide(picked, new Set(), noPause);
    expect(decided.bytes).toBe(packBytes);
  });
});
