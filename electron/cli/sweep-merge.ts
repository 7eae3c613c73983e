import { resolve } from 'node:path';
import { CliError, exitCodes } from './cli-errors';
import { sweepFingerprint, sweepFromDocument, type LoadedSweep } from './sweep-load';
import {
  prepareSweepOutput,
  readManifest,
  readRunResult,
  runFileIds,
  writeResultsCsv,
  copyRunResult,
  type SweepManifest,
} from './sweep-output';

export interface SweepMergeReport {
  runs: number;
  shards: number;
}

/** Missing runs named before the rest are only counted. */
const maxNamedRuns = 10;

async function manifestOfShard(dir: string): Promise<SweepManifest> {
  const manifest = await readManifest(dir);
  if (manifest === null)
    throw new CliError(
      `"${dir}" has no sweep.json: it is not the output folder of a sweep`,
      exitCodes.badInput,
    );
  return manifest;
}

/** The plan a shard's sweep.json describes, checked against its fingerprint. */
async function planOf(dir: string, manifest: SweepManifest): Promise<LoadedSweep> {
  const label = `${dir}/sweep.json`;
  const loaded = await sweepFromDocument(manifest.sweep, label, resolve(dir));
  const expected = sweepFingerprint(loaded.document, manifest.engineVersion);
  if (expected !== manifest.fingerprint)
    throw new CliError(
      `${label} does not match its fingerprint: it was edited or damaged`,
      exitCodes.badInput,
    );
  return loaded;
}

/**
 * Merges the output folders of a sweep's shards into `outDir`: checks that they come from
 * the same sweep (same fingerprint) and together hold every run, copies the run results and
 * writes results.csv, byte for byte what one machine running the whole sweep writes. Traces
 * stay in the shards' folders.
 */
export async function mergeSweeps(dirs: readonly string[], outDir: string): Promise<SweepMergeReport> {
  const manifests = await Promise.all(dirs.map(manifestOfShard));
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.fingerprint !== first.fingerprint)
      throw new CliError(
        `"${dirs[i]}" holds a different sweep than "${dirs[0]}" (its sweep.json has another fingerprint): only shards of one sweep can be merged`,
        exitCodes.badInput,
      );
  });
  const loaded = await planOf(dirs[0]!, first);
  const { plan } = loaded;
  const present = await Promise.all(dirs.map(runFileIds));
  const rows: string[][] = [];
  const sources: Array<{ dir: string; runId: string }> = [];
  const missing: string[] = [];
  for (const run of plan.runs) {
    const at = present.findIndex((ids) => ids.has(run.id));
    if (at < 0) {
      missing.push(run.id);
      continue;
    }
    const read = await readRunResult(dirs[at]!, plan, run);
    if (!('row' in read))
      throw new CliError(
        `the result of run ${run.id} in "${dirs[at]}" ${read.why}: run that shard again`,
        exitCodes.badInput,
      );
    rows.push(read.row);
    sources.push({ dir: dirs[at]!, runId: run.id });
  }
  if (missing.length > 0) {
    const named = missing.slice(0, maxNamedRuns).join(', ');
    const more = missing.length > maxNamedRuns ? ` and ${missing.length - maxNamedRuns} more` : '';
    throw new CliError(
      `the shards hold ${plan.runs.length - missing.length} of the sweep's ${plan.runs.length} runs; missing: ${named}${more}. ` +
        'Finish or add the shards that run them (the same command resumes a shard)',
      exitCodes.badInput,
    );
  }
  await prepareSweepOutput(outDir, first, false);
  for (const { dir, runId } of sources) await copyRunResult(dir, outDir, runId);
  await writeResultsCsv(outDir, plan, rows);
  return { runs: rows.length, shards: dirs.length };
}
