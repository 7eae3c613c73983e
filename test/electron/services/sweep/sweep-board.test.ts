import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../../core/engine/create-engine';
import { summarizeRun } from '../../../../core/experiment/run-to-summary';
import { sweepSchemaId } from '../../../../core/experiment/sweep-schema';
import type { SweepStatus } from '../../../../core/lab-api/sweep-api-contract';
import type { SweepPool } from '../../../../electron/cli/sweep-pool';
import type { SweepTask } from '../../../../electron/cli/sweep-worker';
import { machineRunBudget } from '../../../../electron/services/engine/machine-budget';
import type { FileChooser } from '../../../../electron/services/lab/lab-service-types';
import { SweepBoard } from '../../../../electron/services/sweep/sweep-board';
import { SweepFiles } from '../../../../electron/services/sweep/sweep-files';
import { createSweepHandlers, type SweepHandlers } from '../../../../electron/services/sweep/sweep-handlers';
import { tinyLab } from '../../../support/sweep-fixtures';

let dir: string;
let events: SweepStatus[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-sweep-board-'));
  events = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs in this thread; `hold` keeps the runs whose balloonMaxPct it lists until the pool closes. */
function inThreadPool(options: { failing?: number[]; hold?: number[]; seen?: SweepTask[] } = {}) {
  return (): SweepPool => {
    const closers: (() => void)[] = [];
    return {
      run: (task) => {
        options.seen?.push(task);
        const pct = task.scenario.policy.balloonMaxPct;
        if (options.failing?.includes(pct)) return Promise.reject(new Error('engine gave up'));
        if (options.hold?.includes(pct))
          return new Promise((_, reject) =>
            closers.push(() => reject(new Error('Terminating worker thread'))),
          );
        return Promise.resolve(summarizeRun(createEngine(task.scenario)));
      },
      close: () => {
        for (const c of closers.splice(0)) c();
        return Promise.resolve();
      },
    };
  };
}

function setUp(
  pool: () => SweepPool = inThreadPool(),
  dataDir: string | null = dir,
  fileChooser: FileChooser | null = null,
): SweepHandlers {
  const board = new SweepBoard({
    root: join(dir, 'sweeps'),
    defaultJobs: 1,
    createPool: pool,
    emit: (s) => events.push(s),
    emitEveryMs: 0,
  });
  return createSweepHandlers(board, new SweepFiles({ dataDir, fileChooser }), {
    dataDir,
    runBudget: machineRunBudget(false),
  });
}

/** Three values of balloonMaxPct x 2 seeds of a 2-second tiny lab. */
function document(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: sweepSchemaId,
    name: 'balloon cap',
    base: { ...tinyLab(), durationS: 2, events: [] },
    parameters: [{ path: 'policy.balloonMaxPct', values: [10, 50, 90] }],
    seeds: { count: 2, from: 1 },
    ...extra,
  };
}

async function finished(h: SweepHandlers): Promise<SweepStatus> {
  for (let i = 0; i < 500; i++) {
    const s = (await h.getSweep({}))!;
    if (s.state !== 'running' && s.state !== 'cancelling') return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the sweep never stopped');
}

describe('sweep board', () => {
  it('opens a built sweep, runs it into its folder, and a new lab finds its results again', async () => {
    const h = setUp();
    const opened = (await h.openSweep({ document: document() }))!;
    expect(opened).toMatchObject({ name: 'balloon cap', points: 3, runs: 6, done: 0, state: 'ready' });
    expect(opened.metrics).toContain('all_vms.perf_index_mean');
    expect((await h.runSweep({})).state).toBe('running');
    const done = await finished(h);
    expect(done).toMatchObject({ state: 'done', done: 6, etaS: 0, error: null });
    expect(events.at(-1)?.state).toBe('done');
    const results = await h.getSweepResults({ from: 0 });
    expect(results).toMatchObject({ id: opened.id, from: 0, total: 6, metrics: opened.metrics });
    expect(results.rows.map((r) => r.runId).sort()).toEqual([
      'p0000-s1',
      'p0000-s2',
      'p0001-s1',
      'p0001-s2',
      'p0002-s1',
      'p0002-s2',
    ]);
    expect(results.rows.find((r) => r.runId === 'p0001-s1')!.values).toEqual([50]);
    const perf = opened.metrics.indexOf('all_vms.perf_index_mean');
    expect(typeof results.rows[0]!.metrics[perf]).toBe('number');
    // Only the runs after the first n, for a view that has those.
    expect((await h.getSweepResults({ from: 4 })).rows).toEqual(results.rows.slice(4));
    // The folder is balloon-lab sweep's output folder: results.csv with a row per run.
    const csv = await readFile(join(opened.location, 'results.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(7);

    // Another lab (a restart) shows the newest kept sweep with its results; nothing runs again.
    const seen: SweepTask[] = [];
    const again = setUp(inThreadPool({ seen }));
    expect(await again.getSweep({})).toMatchObject({ id: opened.id, state: 'done', done: 6 });
    const kept = await again.getSweepResults({ from: 0 });
    // Read back from disk in the sweep's order.
    expect(kept.rows.map((r) => r.runId)).toEqual(results.rows.map((r) => r.runId).sort());
    expect(await again.listSweeps({})).toEqual([
      expect.objectContaining({ id: opened.id, name: 'balloon cap', runs: 6, done: 6 }),
    ]);
    expect((await again.runSweep({})).state).toBe('done');
    expect(seen).toHaveLength(0);
  });

  it('gives a run its scenario: values, seed and a name that says so', async () => {
    const h = setUp();
    await h.openSweep({ document: document() });
    const { scenario } = await h.getSweepRunScenario({ runId: 'p0002-s2' });
    expect(scenario.policy.balloonMaxPct).toBe(90);
    expect(scenario.seed).toBe(2);
    expect(scenario.name).toBe('tiny lab (policy.balloonMaxPct = 90, seed 2)');
    await expect(h.getSweepRunScenario({ runId: 'p0009-s1' })).rejects.toThrow('has no run p0009-s1');
  });

  it('cancels mid-run, keeps the finished runs, and Run goes on from them', async () => {
    const h = setUp(inThreadPool({ hold: [50] }));
    await h.openSweep({ document: document() });
    await h.runSweep({});
    for (let i = 0; i < 200 && (await h.getSweepResults({ from: 0 })).total < 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    const cancelled = await h.cancelSweep({});
    expect(cancelled).toMatchObject({ state: 'cancelled', done: 2, error: null });
    expect(events.some((e) => e.state === 'cancelling')).toBe(true);

    const resumed = setUp();
    expect(await resumed.getSweep({})).toMatchObject({ state: 'ready', done: 2 });
    await resumed.runSweep({});
    expect(await finished(resumed)).toMatchObject({ state: 'done', done: 6 });
  });

  it('says which run failed and with which values when the engine fails on a point', async () => {
    const h = setUp(inThreadPool({ failing: [90] }));
    await h.openSweep({ document: document() });
    await h.runSweep({});
    const failed = await finished(h);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe(
      'Run p0002-s1 (policy.balloonMaxPct = 90, seed 1) failed: engine gave up. 4 of 6 runs are kept; Run goes on from them.',
    );
    await expect(h.openSweep({ document: document({ name: 'other' }) })).resolves.toMatchObject({
      name: 'other',
    });
  });

  it('refuses a broken sweep, a path that matches nothing and too many runs, in words', async () => {
    const h = setUp();
    await expect(h.openSweep({ document: { schema: sweepSchemaId } })).rejects.toThrow(
      /base: is missing: it must be a scenario file path/,
    );
    await expect(
      h.openSweep({
        document: document({ parameters: [{ path: 'vms[app9].memoryMiB', values: [256] }] }),
        fileName: 'mine.sweep.json',
      }),
    ).rejects.toThrow('vms has no entry with id "app9" (ids: web, db)');
    await expect(
      h.openSweep({
        document: document({
          parameters: [
            { path: 'host.memoryMiB', range: { from: 512, to: 4096, step: 8 } },
            { path: 'policy.balloonMaxPct', values: [10, 50, 90] },
          ],
        }),
      }),
    ).rejects.toThrow('1347 points x 2 seeds is 2694 runs; the lab runs at most 2000');
    await expect(h.openSweep({ document: document({ base: 'lab.json' }) })).rejects.toThrow(
      'which the lab cannot find from here',
    );
    await expect(h.runSweep({})).rejects.toThrow('No sweep is open');
    await expect(h.openSweep({ saved: '../etc' })).rejects.toThrow('is not the name of a kept sweep');
  });

  it('saves a built sweep in the data folder, lists and opens it; a base outside the folder is refused', async () => {
    const h = setUp();
    expect(await h.saveSweepFile({ document: document() })).toEqual({
      name: 'balloon cap',
      location: 'balloon cap.sweep.json',
    });
    expect((await h.listSweepFiles({})).map((f) => f.location)).toEqual(['balloon cap.sweep.json']);
    expect(await h.openSweep({ target: 'balloon cap' })).toMatchObject({ runs: 6 });
    await expect(h.saveSweepFile({ document: { schema: sweepSchemaId, base: 3 } })).rejects.toThrow(
      'This is not a sweep that can be saved',
    );
    await writeFile(join(dir, 'escape.sweep.json'), JSON.stringify(document({ base: '../x/lab.json' })));
    await expect(h.openSweep({ target: 'escape.sweep.json' })).rejects.toThrow('is outside the data folder');
    await writeFile(join(dir, 'broken.sweep.json'), '{ "schema": ');
    await expect(h.openSweep({ target: 'broken' })).rejects.toThrow('"broken.sweep.json" cannot be opened');
    expect(await readdir(join(dir, 'sweeps'))).toHaveLength(1);
  });

  it('desktop: opens a chosen sweep file whose base is a scenario file beside it; a cancelled dialog is no error', async () => {
    await writeFile(join(dir, 'lab.json'), JSON.stringify({ ...tinyLab(), durationS: 2, events: [] }));
    await writeFile(join(dir, 'cap.sweep.json'), JSON.stringify(document({ base: 'lab.json' })));
    let chosen: string | null = join(dir, 'cap.sweep.json');
    const chooser = {
      chooseSweepToOpen: async () => chosen,
      chooseSweepSavePath: async (name: string) => join(dir, 'saved', '..', name),
    } as unknown as FileChooser;
    const h = setUp(inThreadPool(), null, chooser);
    expect(await h.openSweep({})).toMatchObject({ baseName: 'tiny lab', runs: 6 });
    chosen = null;
    expect(await h.openSweep({})).toBeNull();
    await expect(h.openSweep({ target: 'relative.json' })).rejects.toThrow('only absolute paths of .json');
    expect(await h.saveSweepFile({ document: document() })).toEqual({
      name: 'balloon cap',
      location: join(dir, 'balloon cap.sweep.json'),
    });
  });
});
