import { copyFile, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { SweepPlan, SweepRun } from '../../core/experiment/sweep-plan';
import { resultRow, type SweepRunResult } from '../../core/experiment/sweep-results';
import { CliError, exitCodes } from './cli-errors';
import { CsvFileWriter } from './csv-file-writer';
import { prepareOutputFolder } from './output-folder';
import type { LoadedSweep, SweepDocument } from './sweep-load';

/** What a sweep's output folder holds. */
export const sweepOutputNames = {
  /** The sweep and its fingerprint: tells this folder's results from another sweep's. */
  manifest: 'sweep.json',
  /** One row per run, in the sweep's order. */
  results: 'results.csv',
  /** One `<run id>.json` per finished run (written whole or not at all). */
  runs: 'runs',
  /** With --traces: one `<run id>/` folder of host.csv, vms.csv, log.csv and summary.json per run. */
  traces: 'traces',
} as const;

export const sweepOutputSchemaId = 'balloon-lab/sweep-output@1';

/** The sweep.json of an output folder. */
export interface SweepManifest {
  schema: typeof sweepOutputSchemaId;
  fingerprint: string;
  engineVersion: string;
  points: number;
  runs: number;
  sweep: SweepDocument;
}

/** Largest sweep.json read back (the base scenario is inside). */
const maxManifestBytes = 256 * 1024 * 1024;
/** Largest run result file read back. */
const maxRunFileBytes = 64 * 1024 * 1024;

/** The sweep.json of a loaded sweep, run by engine `engineVersion`. */
export function manifestOf(loaded: LoadedSweep, engineVersion: string): SweepManifest {
  return {
    schema: sweepOutputSchemaId,
    fingerprint: loaded.fingerprint,
    engineVersion,
    points: loaded.plan.points.length,
    runs: loaded.plan.runs.length,
    sweep: loaded.document,
  };
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads a JSON file of at most `maxBytes`; null when it is missing. Throws when it is not JSON. */
async function readJson(path: string, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    // A FIFO or device under a result's name would block the read forever.
    const info = await stat(path);
    if (!info.isFile()) throw new Error('it is not a regular file');
    if (info.size > maxBytes) throw new Error(`it is larger than ${maxBytes} bytes`);
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return JSON.parse(text);
}

/** The manifest of an output folder, null if it has none; CliError when it is not one. */
export async function readManifest(dir: string): Promise<SweepManifest | null> {
  const path = join(dir, sweepOutputNames.manifest);
  let doc: unknown;
  try {
    doc = await readJson(path, maxManifestBytes);
  } catch (e) {
    throw new CliError(`cannot read "${path}": ${reason(e)}`, exitCodes.badInput);
  }
  if (doc === null) return null;
  const m = doc as Partial<SweepManifest>;
  if (typeof doc !== 'object' || m.schema !== sweepOutputSchemaId || typeof m.fingerprint !== 'string')
    throw new CliError(`"${path}" is not the sweep.json of a Balloon Lab sweep`, exitCodes.badInput);
  return m as SweepManifest;
}

/**
 * Makes `outDir` ready for `manifest`'s runs: creates it and its runs/ folder, writes
 * sweep.json, or, when the folder already holds a sweep, checks that it is this one (so a
 * resumed sweep never mixes in another's results).
 */
export async function prepareSweepOutput(
  outDir: string,
  manifest: SweepManifest,
  traces: boolean,
): Promise<void> {
  await prepareOutputFolder(outDir, [sweepOutputNames.manifest, sweepOutputNames.results]);
  const existing = await readManifest(outDir);
  if (existing !== null && existing.fingerprint !== manifest.fingerprint) {
    const why =
      existing.engineVersion !== manifest.engineVersion
        ? `engine ${existing.engineVersion}, this one is ${manifest.engineVersion}`
        : 'another base scenario, parameters or seeds';
    throw new CliError(
      `"${outDir}" holds the results of a different sweep (${why}); give a new --out folder, or delete that one`,
      exitCodes.badInput,
    );
  }
  for (const name of traces ? [sweepOutputNames.runs, sweepOutputNames.traces] : [sweepOutputNames.runs])
    await mkdir(join(outDir, name), { recursive: true });
  if (existing === null)
    await writeFileAtomic(join(outDir, sweepOutputNames.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `<out>/runs/<run id>.json` */
export function runFilePath(outDir: string, runId: string): string {
  return join(outDir, sweepOutputNames.runs, `${runId}.json`);
}

/** `<out>/traces/<run id>/` */
export function runTracesDir(outDir: string, runId: string): string {
  return join(outDir, sweepOutputNames.traces, runId);
}

/** Writes a run's result whole or not at all, so an interrupted sweep never leaves half a file. */
export async function writeRunResult(outDir: string, result: SweepRunResult): Promise<void> {
  await writeFileAtomic(runFilePath(outDir, result.runId), `${JSON.stringify(result)}\n`);
}

/** Copies a run's result file from one output folder to another, whole or not at all. */
export async function copyRunResult(fromDir: string, toDir: string, runId: string): Promise<void> {
  const from = runFilePath(fromDir, runId);
  const to = runFilePath(toDir, runId);
  if (resolve(from) === resolve(to)) return;
  const partial = `${to}.partial`;
  await copyFile(from, partial);
  await rename(partial, to);
}

/** Names of the run files in `outDir` (without .json); empty when it has none. */
export async function runFileIds(outDir: string): Promise<Set<string>> {
  const names = await readdir(join(outDir, sweepOutputNames.runs)).catch(() => [] as string[]);
  return new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)));
}

/** A run's result read back and checked against the plan; `why` when missing, unreadable or not this run's. */
export async function readRunResult(
  outDir: string,
  plan: SweepPlan,
  run: SweepRun,
): Promise<{ result: SweepRunResult; row: string[] } | { why: string }> {
  let doc: unknown;
  try {
    doc = await readJson(runFilePath(outDir, run.id), maxRunFileBytes);
  } catch (e) {
    return { why: `cannot be read (${reason(e)})` };
  }
  if (doc === null || typeof doc !== 'object')
    return { why: doc === null ? 'is missing' : 'is not a run result' };
  const result = doc as SweepRunResult;
  const row = resultRow(plan, run, result);
  return typeof row === 'string' ? { why: row } : { result, row };
}

/** Writes results.csv of `rows` (in plan.columns order) through a temporary file, so a reader never sees half a table. */
export async function writeResultsCsv(
  outDir: string,
  plan: SweepPlan,
  rows: Iterable<string[]>,
): Promise<void> {
  const path = join(outDir, sweepOutputNames.results);
  const partial = `${path}.partial`;
  const writer = new CsvFileWriter(partial, plan.columns);
  try {
    for (const row of rows) await writer.write(row);
    await writer.close();
    await rename(partial, path);
  } catch (e) {
    await writer.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw e;
  }
}
