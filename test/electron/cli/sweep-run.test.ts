import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../core/engine/create-engine';
import { summarizeRun } from '../../../core/experiment/run-to-summary';
import { sweepSchemaId } from '../../../core/experiment/sweep-schema';
import { CliError } from '../../../electron/cli/cli-errors';
import { loadSweep } from '../../../electron/cli/sweep-load';
import { forEachInPool, SweepRunFailure, type SweepPool } from '../../../electron/cli/sweep-pool';
import { runSweep } from '../../../electron/cli/sweep-run';
import type { SweepTask } from '../../../electron/cli/sweep-worker';
import { tinyLab } from '../../support/sweep-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-sweep-run-'));
  await writeFile(
    join(dir, 'three.sweep.json'),
    JSON.stringify({
      schema: sweepSchemaId,
      base: { ...tinyLab(), durationS: 2, events: [] },
      parameters: [{ path: 'policy.balloonMaxPct', values: [10, 50, 90] }],
    }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pool that runs in this thread and fails the runs whose balloonMaxPct is in `failing`. */
function inThreadPool(failing: number[] = [], seen: SweepTask[] = []): (jobs: number) => SweepPool {
  return () => ({
    run: (task) => {
      seen.push(task);
      if (failing.includes(task.scenario.policy.balloonMaxPct))
        return Promise.reject(new Error('engine gave up'));
      return Promise.resolve(summarizeRun(createEngine(task.scenario)));
    },
    close: () => Promise.resolve(),
  });
}

describe('runSweep', () => {
  it('stops at a failed run, keeps the finished ones and goes on from them when run again', async () => {
    const loaded = await loadSweep(join(dir, 'three.sweep.json'));
    const out = join(dir, 'out');
    const options = { outDir: out, jobs: 1, traces: false, shard: null };
    const failed = runSweep(loaded, { ...options, createPool: inThreadPool([50]) });
    await expect(failed).rejects.toThrow(CliError);
    await expect(failed).rejects.toThrow(
      `run p0001-s7 (seed 7) failed: engine gave up; 1 of 3 runs are saved in "${out}", run the same command again to go on`,
    );
    expect(await readdir(join(out, 'runs'))).toEqual(['p0000-s7.json']);
    await expect(stat(join(out, 'results.csv'))).rejects.toThrow();

    const seen: SweepTask[] = [];
    const progress: Array<[number, number]> = [];
    const report = await runSweep(loaded, {
      ...options,
      createPool: inThreadPool([], seen),
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report).toEqual({ runs: 3, skipped: 1, ran: 2 });
    expect(seen.map((t) => [t.scenario.policy.balloonMaxPct, t.tracesDir])).toEqual([
      [50, null],
      [90, null],
    ]);
    expect(progress).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });

  it('runs again a finished run whose traces are asked for and missing', async () => {
    const loaded = await loadSweep(join(dir, 'three.sweep.json'));
    const out = join(dir, 'traced');
    const shard = { index: 1, count: 3 };
    await runSweep(loaded, { outDir: out, jobs: 1, traces: false, shard, createPool: inThreadPool() });
    const seen: SweepTask[] = [];
    const report = await runSweep(loaded, {
      outDir: out,
      jobs: 1,
      traces: true,
      shard,
      createPool: inThreadPool([], seen),
    });
    expect(report).toEqual({ runs: 1, skipped: 0, ran: 1 });
    expect(seen[0]!.tracesDir).toBe(join(out, 'traces', 'p0000-s7'));
  });
});

describe('forEachInPool', () => {
  it('keeps at most `jobs` calls in flight and starts none after a failure', async () => {
    const pending = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();
    const started: number[] = [];
    const done: number[] = [];
    const tick = () => new Promise((r) => setImmediate(r));
    const run = forEachInPool(
      [1, 2, 3, 4, 5, 6],
      2,
      (n) => {
        started.push(n);
        return new Promise<number>((resolve, reject) => pending.set(n, { resolve, reject }));
      },
      (n, result) => {
        done.push(result);
        return Promise.resolve();
      },
    ).catch((e: unknown) => e);
    await tick();
    expect(started).toEqual([1, 2]);
    pending.get(1)!.resolve(10);
    await tick();
    expect(started).toEqual([1, 2, 3]);
    pending.get(3)!.reject(new Error('three'));
    await tick();
    pending.get(2)!.resolve(20);
    const error = await run;
    expect(error).toBeInstanceOf(SweepRunFailure);
    expect((error as SweepRunFailure<number>).item).toBe(3);
    expect((error as SweepRunFailure<number>).message).toBe('three');
    expect(started).toEqual([1, 2, 3]);
    expect(done).toEqual([10, 20]);
  });
});
