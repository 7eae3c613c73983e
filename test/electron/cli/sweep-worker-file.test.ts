import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSweepPool } from '../../../electron/cli/sweep-pool';
import { builtSweepWorkerPath, sweepWorkerFile } from '../../../electron/cli/sweep-worker-file';
import type { SweepTask } from '../../../electron/cli/sweep-worker';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'balloon-sweep-worker-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes `path` under the root with its modification time `ageS` seconds in the past. */
function file(path: string, ageS: number, text = ''): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  const at = new Date(Date.now() - ageS * 1000);
  utimesSync(full, at, at);
  return full;
}

const tsxEntry = (): string => pathToFileURL(join(root, 'electron/cli/sweep-worker-entry.mjs')).href;

describe('sweepWorkerFile', () => {
  /** A worker importing an engine deep in core/ through a module of its own, as the real one does. */
  function sources(ageS: { worker: number; run: number; engine: number }): void {
    file(
      'electron/cli/sweep-worker.ts',
      ageS.worker,
      "import { runScenario } from './run-scenario';\nimport type { Scenario } from '../../core/scenario';\n",
    );
    file(
      'electron/cli/run-scenario.ts',
      ageS.run,
      "import {\n  createEngine,\n  type Engine,\n} from '../../core/engine/deep/engine';\n",
    );
    file('core/engine/deep/engine.ts', ageS.engine, 'export const createEngine = () => null;\n');
    file('core/scenario/index.ts', 60, "export * from './scenario-schema.js';\n");
    file('core/scenario/scenario-schema.ts', 60);
  }

  it('uses the build when it is newer than the worker and every source it imports, even deep in a folder', () => {
    sources({ worker: 60, run: 60, engine: 60 });
    const bundle = file(builtSweepWorkerPath, 10);
    expect(sweepWorkerFile(root)).toEqual({ url: pathToFileURL(bundle).href, built: true });
  });

  it('falls back to the sources through tsx when the worker or anything it imports changed after the build', () => {
    sources({ worker: 60, run: 60, engine: 5 });
    file(builtSweepWorkerPath, 10);
    expect(sweepWorkerFile(root)).toEqual({ url: tsxEntry(), built: false });
    sources({ worker: 60, run: 5, engine: 60 });
    expect(sweepWorkerFile(root).built).toBe(false);
    sources({ worker: 5, run: 60, engine: 60 });
    expect(sweepWorkerFile(root).built).toBe(false);
    // Through an index file and a re-export written with a .js extension.
    sources({ worker: 60, run: 60, engine: 60 });
    file('core/scenario/scenario-schema.ts', 1);
    expect(sweepWorkerFile(root).built).toBe(false);
  });

  it('keeps the build when only sources the worker does not import changed, and survives import cycles', () => {
    sources({ worker: 60, run: 60, engine: 60 });
    file(builtSweepWorkerPath, 10);
    file('electron/services/new-file.ts', 1, "import '../cli/sweep-worker';\n");
    file('core/session/changed.ts', 1);
    file('core/engine/deep/README.md', 1);
    // The engine imports the worker's module back, and a module that does not exist.
    file(
      'core/engine/deep/engine.ts',
      60,
      "import { runScenario } from '../../../electron/cli/run-scenario';\nimport './gone';\n",
    );
    expect(sweepWorkerFile(root).built).toBe(true);
  });

  it('falls back without a build', () => {
    sources({ worker: 60, run: 60, engine: 60 });
    expect(sweepWorkerFile(root)).toEqual({ url: tsxEntry(), built: false });
  });
});

describe('createSweepPool with a worker file', () => {
  it('runs tasks on the module it is given, as a path or a file: URL', async () => {
    const worker = file(
      'fake-worker.mjs',
      0,
      'export const runSweepTask = (task) => ({ seed: task.scenario.seed, traces: task.tracesDir });\n',
    );
    const task = { scenario: { seed: 7 }, tracesDir: null } as unknown as SweepTask;
    for (const where of [worker, pathToFileURL(worker).href]) {
      const pool = createSweepPool(1, where);
      try {
        expect(await pool.run(task)).toEqual({ seed: 7, traces: null });
      } finally {
        await pool.close();
      }
    }
  });

  it('fails a run whose thread runs out of heap, and the process and pool go on', async () => {
    const worker = file(
      'hog-worker.mjs',
      0,
      'export const runSweepTask = (task) => {\n' +
        '  const kept = [];\n' +
        '  while (task.hog) kept.push({ at: kept.length, text: "x".repeat(64) + kept.length });\n' +
        '  return { seed: task.scenario.seed };\n' +
        '};\n',
    );
    const pool = createSweepPool(1, worker, 32);
    try {
      const hog = { scenario: { seed: 1 }, hog: true } as unknown as SweepTask;
      await expect(pool.run(hog)).rejects.toThrow(/memory|heap/i);
      const fine = { scenario: { seed: 2 }, hog: false } as unknown as SweepTask;
      expect(await pool.run(fine)).toEqual({ seed: 2 });
    } finally {
      await pool.close();
    }
  });
});
