import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBlockIndex } from '../../../core/session/checkpoint-blocks';
import { CheckpointFiles } from '../../../electron/worker/checkpoint-file';
import { CheckpointSave } from '../../../electron/worker/save-checkpoints';
import { TimeTravel } from '../../../electron/worker/time-travel';
import { smallScenario, versionsAt } from '../../fixtures/checkpoints/small-run';

const scenario = smallScenario;
const ticks = [10, 30, 50, 70, 90, 110, 130];

describe('the checkpoint command', () => {
  it('right after opening a file, builds its earlier checkpoints a turn at a time and keeps them all', async () => {
    const { kept } = versionsAt(ticks);
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
