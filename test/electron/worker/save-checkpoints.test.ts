import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { saveWorldVersion, type WorldVersion } from '../../../core/engine/world-version';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { decodeBlockIndex } from '../../../core/session/checkpoint-blocks';
import { CheckpointFiles } from '../../../electron/worker/checkpoint-file';
import { CheckpointSave } from '../../../electron/worker/save-checkpoints';
import { TimeTravel } from '../../../electron/worker/time-travel';

const scenario = parseScenarioOrThrow({
  seed: 9,
  durationS: 200,
  host: { memoryMiB: 512, hypervisorMiB: 16 },
  vms: [
    { id: 'a', memoryMiB: 256, workload: { kind: 'sine', meanMiB: 180, amplitudeMiB: 60, periodS: 40 } },
    { id: 'b', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 200, activePct: 30 } },
  ],
});
const ticks = [10, 30, 50, 70, 90, 110, 130];

describe('the checkpoint command', () => {
  it('right after opening a file, builds its earlier checkpoints a turn at a time and keeps them all', async () => {
    const engine = createEngine(scenario) as SimEngine;
    const kept: { tick: number; version: WorldVersion }[] = [];
    for (const tick of ticks) {
      engine.runUntil(tick);
      engine.drainLog();
      kept.push({ tick, version: saveWorldVersion(engine.world) });
    }
    const parts = await new CheckpointFiles().save(kept, 1e9);
    const travel = new TimeTravel(() => performance.now());
    const files = new CheckpointFiles();
    const opened = files.open(parts, travel.checkpoints, scenario, 130);
    const unbuilt = (): number =>
      travel.checkpoints.ticks.filter((t) => travel.checkpoints.nearest(t)!.version === null).length;
    expect(unbuilt()).toBe(ticks.length - 1);
    const saving = new CheckpointSave(travel, files).collect(opened, 1e9);
    // Not all at once: a jump meanwhile waits for one build, not for every one.
    expect(unbuilt()).toBeGreaterThan(0);
    const { store } = await saving;
    expect(unbuilt()).toBe(0);
    expect(decodeBlockIndex(inflateRawSync(store!.index)).checkpoints.map((c) => c.tick)).toEqual(ticks);
  });
});
