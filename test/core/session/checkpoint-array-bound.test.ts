import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { estimateRun } from '../../../core/scenario/run-budget';
import { maxCheckpointArrayBytes } from '../../../core/session/checkpoint-array-bound';
import { decodeCheckpoint, encodeCheckpoint } from '../../../core/session/checkpoint-codec';
import { byteLengthOf, checkpointParts } from '../../../core/session/checkpoint-parts';
import { restoreCheckpoint } from '../../../core/session/checkpoint-restore';
import { decodeSmallState } from '../../../core/session/checkpoint-small-state';
import { hostileCheckpointBytes } from './hostile-checkpoint';

const scenario = parseScenarioOrThrow(getPreset('basics')!.scenario);
const bound = maxCheckpointArrayBytes(scenario);
/** Three arrays of 2 GiB each, in 56 bytes of runs. */
const hostile = hostileCheckpointBytes([2 ** 29, 2 ** 29, 2 ** 29]);

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  return 'read';
}

describe('the bound on what a checkpoint of a session may decode to', () => {
  it("is the scenario's page state by the run budget's estimate, plus 64 MiB", () => {
    expect(bound).toBe(estimateRun(scenario).engineBytes + 64 * 2 ** 20);
  });

  it('holds a whole checkpoint of a run under way, with the estimate alone to spare', () => {
    const engine = createEngine(scenario);
    engine.runUntil(300);
    const parts = checkpointParts(encodeCheckpoint(engine.snapshot()), bound);
    const arrayBytes = parts.arrays.reduce((n, a) => n + byteLengthOf(a), 0);
    expect(arrayBytes).toBeGreaterThan(0);
    expect(arrayBytes).toBeLessThan(estimateRun(scenario).engineBytes);
  });

  it('refuses arrays that would take more, before anything is allocated, naming both sizes', () => {
    const message = `The checkpoint is damaged: its arrays would take 6144 MiB, more than the ${Math.ceil(bound / 2 ** 20)} MiB a checkpoint of this session may hold.`;
    expect(refusal(() => decodeCheckpoint(hostile, false, true, bound))).toBe(message);
    expect(refusal(() => restoreCheckpoint(hostile, scenario, 1000))).toBe(message);
    expect(refusal(() => decodeSmallState(hostile, bound))).toMatch(/does not read \(.*would take 6144 MiB/);
    // The bound is what refuses them: the parts are well formed otherwise.
    expect(checkpointParts(hostile).arrays).toHaveLength(3);
  });

  it('lets arrays of exactly the bound through and refuses one word more', () => {
    const words = 1024;
    const bytes = hostileCheckpointBytes([words]);
    expect(checkpointParts(bytes, words * 4).arrays).toHaveLength(1);
    expect(refusal(() => checkpointParts(bytes, words * 4 - 1))).toMatch(
      /would take 1 MiB, more than the 1 MiB/,
    );
  });
});
