import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedSweepInfo } from '../../../core/lab-api/sweep-api-contract';
import { readManifest, runFileIds, sweepOutputNames } from '../../cli/sweep-output';

/** A kept sweep's folder name: letters, digits and a few marks, never a path. */
export const keptSweepName = /^[\p{L}\p{N}][\p{L}\p{N} _.,()+-]{0,119}$/u;

/** Whether `name` may name a folder of kept results (no separators, no `..`). */
export function isKeptSweepName(name: string): boolean {
  return keptSweepName.test(name) && !name.includes('..');
}

/**
 * The sweeps whose results are kept under `root` (folders holding a sweep.json), newest
 * first: the last one written to (a run finished, or it was opened) leads.
 */
export async function listKeptSweeps(root: string): Promise<SavedSweepInfo[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const out: SavedSweepInfo[] = [];
  for (const name of names) {
    if (!isKeptSweepName(name)) continue;
    const dir = join(root, name);
    const manifest = await readManifest(dir).catch(() => null);
    if (manifest === null) continue;
    const times = await Promise.all(
      [sweepOutputNames.manifest, sweepOutputNames.runs].map((f) =>
        stat(join(dir, f)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
    );
    out.push({
      id: name,
      name: String(manifest.sweep?.name ?? name),
      runs: Number(manifest.runs) || 0,
      done: (await runFileIds(dir)).size,
      modifiedIso: new Date(Math.max(...times)).toISOString(),
    });
  }
  return out.sort((a, b) => b.modifiedIso.localeCompare(a.modifiedIso) || a.id.localeCompare(b.id));
}
