import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { runSweepTask } from '../../../electron/cli/sweep-worker';
import { tinyLab } from '../../support/sweep-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-sweep-worker-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runSweepTask', () => {
  it('gives a run after another in the same thread the summary of that run alone, byte for byte', async () => {
    // A fills memory past the host (its recycled arrays are far from zero); B is lighter, another seed.
    const a = parseScenarioOrThrow({
      ...tinyLab(),
      seed: 3,
      durationS: 40,
      vms: [
        { id: 'web', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 240 } },
        { id: 'db', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 240 } },
      ],
    });
    const b = parseScenarioOrThrow({ ...tinyLab(), seed: 11 });
    // With a traces folder the run goes through `balloon-lab run`'s path, on arrays of its own.
    const alone = await runSweepTask({ scenario: b, tracesDir: join(dir, 'b-alone') });
    const runA = await runSweepTask({ scenario: a, tracesDir: null });
    const afterA = await runSweepTask({ scenario: b, tracesDir: null });
    expect(JSON.stringify(runA)).not.toBe(JSON.stringify(alone));
    expect(JSON.stringify(afterA)).toBe(JSON.stringify(alone));
  });
});
