import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engine/create-engine';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { saveWorldVersion, type WorldVersion } from '../../../core/engine/world-version';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { CheckpointFiles } from '../../../electron/worker/checkpoint-file';
import { indexEstimate } from '../../../electron/worker/checkpoint-index-estimate';
import { SmallStateBytes } from '../../../electron/worker/checkpoint-small-bytes';

const scenario = parseScenarioOrThrow({
  seed: 7,
  durationS: 300,
  host: { memoryMiB: 2048, hypervisorMiB: 64 },
  vms: ['a', 'b', 'c'].map((id, i) => ({
    id,
    memoryMiB: 1024,
    workload: { kind: 'sine', meanMiB: 600, amplitudeMiB: 250, periodS: 60 + 20 * i },
  })),
});

describe('the index estimate of a session file', () => {
  it('comes within a third of the index a file of those checkpoints has, whichever are picked', async () => {
    const engine = createEngine(scenario) as SimEngine;
    const kept: { tick: number; version: WorldVersion }[] = [];
    // Close together at the end (as a run's last checkpoints are), further apart before.
    for (const tick of [20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240, 290, 295, 300]) {
      engine.runUntil(tick);
      engine.drainLog();
      kept.push({ tick, version: saveWorldVersion(engine.world) });
    }
    const smalls = new SmallStateBytes();
    const estimate = await indexEstimate(
      kept,
      (v, newer) => smalls.of(v, newer),
      async () => undefined,
    );
    for (const picked of [
      kept,
      kept.filter((_, i) => i % 4 === 0 || i === kept.length - 1),
      kept.slice(-1),
    ]) {
      const parts = await new CheckpointFiles().save(picked, 1e9);
      const real = parts.index.byteLength;
      const guess = await estimate(picked);
      expect(guess, `${picked.length} checkpoints`).toBeGreaterThan(real * 0.67);
      expect(guess, `${picked.length} checkpoints`).toBeLessThan(real * 1.5);
    }
  });
});
