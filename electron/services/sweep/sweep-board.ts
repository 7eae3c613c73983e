import { join } from 'node:path';
import { engineVersion } from '../../../core/engine/engine-version';
import type { SweepResultRow } from '../../../core/experiment/sweep-aggregate';
import { runScenarioOf } from '../../../core/experiment/sweep-plan';
import type { SavedSweepInfo, SweepResultsPage, SweepStatus } from '../../../core/lab-api/sweep-api-contract';
import { maxLabSweepRuns } from '../../../core/lab-api/sweep-api-contract';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { CliError } from '../../cli/cli-errors';
import type { LoadedSweep } from '../../cli/sweep-load';
import {
  manifestOf,
  prepareSweepOutput,
  readManifest,
  readRunResult,
  runFileIds,
} from '../../cli/sweep-output';
import type { SweepPool } from '../../cli/sweep-pool';
import { runSweep, SweepStopped } from '../../cli/sweep-run';
import { toSafeName } from '../lab/data-folder';
import { LabError } from '../lab/lab-error';
import { describeRun, failureText, reason, rowOf, statusOf, type OpenSweep } from './open-sweep';
import { isKeptSweepName, listKeptSweeps } from './kept-sweeps';

export interface SweepBoardOptions {
  /** Folder the sweeps' results are kept in, one folder per sweep (created when missing). */
  root: string;
  /** Worker threads a run uses unless asked otherwise. */
  defaultJobs: number;
  createPool: (jobs: number) => SweepPool;
  /** Tells the renderer (sweepChanged). */
  emit: (status: SweepStatus) => void;
  /** Wall clock for the ETA, ms. */
  nowMs?: () => number;
  /** Least time between two sweepChanged while a sweep runs, ms. */
  emitEveryMs?: number;
}

/**
 * The sweep the Sweep view shows: opened (from a file, a built document or a folder of kept
 * results), run in the background on a pool of worker threads into its own folder under
 * `root` (resumable: `balloon-lab sweep`'s output folder), followed, cancelled, and its
 * results read. One sweep at a time; the last one opened comes back after a restart.
 */
export class SweepBoard {
  private open: OpenSweep | null = null;
  private running: { abort: AbortController; done: Promise<void> } | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private lastEmitMs = 0;
  private restored = false;
  /** Counts the sweeps opened: a reopened sweep's results start over in plan order. */
  private opened = 0;

  constructor(private readonly options: SweepBoardOptions) {}

  private now(): number {
    return this.options.nowMs?.() ?? Date.now();
  }

  /** The results folder of a sweep: its name and 12 hex digits of its fingerprint. */
  folderOf(loaded: LoadedSweep): { id: string; dir: string } {
    const hash = loaded.fingerprint.replace(/^sha256:/, '').slice(0, 12);
    const id = `${toSafeName(loaded.plan.name, 'sweep').slice(0, 60).trim()}-${hash}`;
    return { id, dir: join(this.options.root, id) };
  }

  /** Makes `loaded` the open sweep, with the results its folder already holds. */
  async openLoaded(loaded: LoadedSweep): Promise<SweepStatus> {
    this.assertIdle('open another sweep');
    const runs = loaded.plan.runs.length;
    if (runs > maxLabSweepRuns)
      throw new LabError(
        'refused',
        `"${loaded.plan.name}" has ${runs} runs (${loaded.plan.points.length} points x ${loaded.plan.seeds.length} seeds); the lab runs at most ${maxLabSweepRuns}. Sweep fewer values or seeds, or run it with \`npx balloon-lab sweep <file> --out <folder>\` (docs/sweeps.md).`,
      );
    const { id, dir } = this.folderOf(loaded);
    try {
      await prepareSweepOutput(dir, manifestOf(loaded, engineVersion), false);
    } catch (e) {
      if (e instanceof CliError) throw new LabError('refused', e.message);
      throw e;
    }
    const results = new Map<string, SweepResultRow>();
    const present = await runFileIds(dir);
    for (const run of loaded.plan.runs) {
      if (!present.has(run.id)) continue;
      const read = await readRunResult(dir, loaded.plan, run);
      if ('result' in read) results.set(run.id, rowOf(read.result));
    }
    this.restored = true;
    this.opened += 1;
    this.open = {
      loaded,
      id,
      epoch: this.opened,
      dir,
      state: results.size === runs ? 'done' : 'ready',
      error: null,
      jobs: this.options.defaultJobs,
      etaS: null,
      results,
    };
    return this.emitNow();
  }

  /** The folder of kept results `id` (listSweeps), opened again from its sweep.json. */
  async openSaved(
    id: string,
    load: (manifestSweep: unknown, label: string, dir: string) => Promise<LoadedSweep>,
  ): Promise<SweepStatus> {
    if (!isKeptSweepName(id))
      throw new LabError('bad-request', `"${id.slice(0, 80)}" is not the name of a kept sweep`);
    const dir = join(this.options.root, id);
    let manifest;
    try {
      manifest = await readManifest(dir);
    } catch (e) {
      throw new LabError('refused', `The kept sweep "${id}" cannot be read: ${reason(e)}`);
    }
    if (manifest === null) throw new LabError('not-found', `There is no kept sweep "${id}".`);
    const loaded = await load(manifest.sweep, id, dir);
    if (this.folderOf(loaded).id !== id)
      throw new LabError(
        'refused',
        `The kept sweep "${id}" was run by engine ${manifest.engineVersion}; this lab has engine ${engineVersion}. Open its sweep file again to run it with this engine.`,
      );
    return this.openLoaded(loaded);
  }

  /** The sweeps kept under root, newest first. */
  list(): Promise<SavedSweepInfo[]> {
    return listKeptSweeps(this.options.root);
  }

  /**
   * The open sweep; the first call after the lab starts opens the newest kept one, so a
   * restarted lab shows the results it had. A kept sweep that no longer opens is skipped.
   */
  async current(
    load: (manifestSweep: unknown, label: string, dir: string) => Promise<LoadedSweep>,
  ): Promise<SweepStatus | null> {
    if (!this.restored) {
      this.restored = true;
      for (const saved of await this.list()) {
        try {
          return await this.openSaved(saved.id, load);
        } catch {
          // Another engine's results, or a damaged folder: the next one may open.
        }
      }
    }
    return this.open === null ? null : statusOf(this.open);
  }

  private requireOpen(): OpenSweep {
    if (this.open === null)
      throw new LabError('refused', 'No sweep is open: open a sweep file or build one first.');
    return this.open;
  }

  private assertIdle(action: string): void {
    if (this.running !== null)
      throw new LabError('busy', `A sweep is running: cancel it before you ${action}.`);
  }

  /** Starts the open sweep's missing runs in the background. */
  run(jobs?: number): SweepStatus {
    const sweep = this.requireOpen();
    this.assertIdle('start it again');
    if (sweep.results.size === sweep.loaded.plan.runs.length) {
      sweep.state = 'done';
      return this.emitNow();
    }
    sweep.jobs = jobs ?? this.options.defaultJobs;
    sweep.state = 'running';
    sweep.error = null;
    sweep.etaS = null;
    const abort = new AbortController();
    const startedMs = this.now();
    const done = runSweep(sweep.loaded, {
      outDir: sweep.dir,
      jobs: sweep.jobs,
      traces: false,
      shard: null,
      createPool: this.options.createPool,
      signal: abort.signal,
      onProgress: (ran, total) => {
        const elapsedS = (this.now() - startedMs) / 1000;
        sweep.etaS = ran === 0 ? null : (elapsedS / ran) * (total - ran);
      },
      onResult: (result) => {
        sweep.results.set(result.runId, rowOf(result));
        this.emitSoon();
      },
    }).then(
      () => {
        sweep.state = 'done';
        sweep.etaS = 0;
      },
      (e: unknown) => {
        sweep.etaS = null;
        if (e instanceof SweepStopped && e.run === null) sweep.state = 'cancelled';
        else {
          sweep.state = 'failed';
          sweep.error = failureText(sweep, e);
        }
      },
    );
    this.running = {
      abort,
      done: done.finally(() => {
        this.running = null;
        if (this.open === sweep) this.emitNow();
      }),
    };
    return this.emitNow();
  }

  /** Stops the sweep under way and waits for its threads to end; finished runs are kept. */
  async cancel(): Promise<SweepStatus> {
    const sweep = this.requireOpen();
    const running = this.running;
    if (running !== null) {
      sweep.state = 'cancelling';
      this.emitNow();
      running.abort.abort();
      await running.done;
    }
    return statusOf(sweep);
  }

  /** The finished runs of the open sweep, in the sweep's order. */
  /** The open sweep's finished runs from the `from`-th, in the order they finished. */
  results(from: number): SweepResultsPage {
    const sweep = this.requireOpen();
    const metrics = statusOf(sweep).metrics;
    const rows = [...sweep.results.values()].slice(from).map((r) => ({
      runId: r.runId,
      pointId: r.pointId,
      seed: r.seed,
      values: r.values,
      metrics: metrics.map((m) => r.metrics[m] ?? null),
    }));
    return { id: sweep.id, epoch: sweep.epoch, from, total: sweep.results.size, metrics, rows };
  }

  /** The scenario of run `runId`, named after its values and seed, ready to open in the lab. */
  runScenario(runId: string): Scenario {
    const sweep = this.requireOpen();
    const run = sweep.loaded.plan.runs.find((r) => r.id === runId);
    if (run === undefined)
      throw new LabError('not-found', `"${sweep.loaded.plan.name}" has no run ${runId.slice(0, 40)}.`);
    const scenario = runScenarioOf(sweep.loaded.plan, run);
    const name = `${sweep.loaded.plan.base.name} (${describeRun(sweep.loaded.plan, run)})`;
    return { ...scenario, name: name.length > 200 ? `${name.slice(0, 199)}…` : name };
  }

  private emitNow(): SweepStatus {
    if (this.emitTimer !== null) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.lastEmitMs = this.now();
    const status = statusOf(this.requireOpen());
    this.options.emit(status);
    return status;
  }

  /** A run ended: tell the renderer, at most every emitEveryMs. */
  private emitSoon(): void {
    if (this.emitTimer !== null) return;
    const wait = Math.max(0, (this.options.emitEveryMs ?? 250) - (this.now() - this.lastEmitMs));
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (this.open !== null) this.emitNow();
    }, wait);
  }

  /** Cancels a sweep under way (its finished runs stay on disk). */
  async dispose(): Promise<void> {
    if (this.emitTimer !== null) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    const running = this.running;
    if (running !== null) {
      running.abort.abort();
      await running.done;
    }
    if (this.emitTimer !== null) clearTimeout(this.emitTimer);
  }
}
