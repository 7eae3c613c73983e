import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sweepSchemaId } from '../../../core/experiment/sweep-schema';
import { tinyLab } from '../../support/sweep-fixtures';

const repo = resolve(import.meta.dirname, '../../..');
const bin = join(repo, 'bin/balloon-lab.mjs');

/** The environment without any batch engine's variables, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('SLURM_') || name.startsWith('JOB_COMPLETION')) delete env[name];
  return { ...env, ...extra };
}

function balloonLab(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repo, env: envWith(extraEnv) },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-shards-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a sweep cut into shards on a batch engine', () => {
  it('merges 4 shards run in separate processes into the results.csv of one process, byte for byte', async () => {
    const sweep = join(dir, 'tiny.sweep.json');
    await writeFile(
      sweep,
      JSON.stringify({
        schema: sweepSchemaId,
        name: 'shards',
        base: { ...tinyLab(), durationS: 3, events: [] },
        parameters: [
          { path: 'policy.idleTaxPct', values: [0, 75] },
          { path: 'vms[*].workload.demandMiB', values: [60, 90] },
        ],
        seeds: { count: 2, from: 5 },
      }),
    );
    // Shards 1 and 2 learn their slice as tasks of a Slurm --array=1-4, shards 3 and 4 as
    // completion indexes 2 and 3 of a Kubernetes Indexed Job: both engines' variables, one cut.
    const shardEnv = (i: number): Record<string, string> =>
      i < 2
        ? { SLURM_ARRAY_TASK_ID: String(i + 1), SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' }
        : { JOB_COMPLETION_INDEX: String(i), JOB_COMPLETIONS: '4' };
    const shardDirs = [0, 1, 2, 3].map((i) => join(dir, `shard-${i}`));
    const [single, ...shards] = await Promise.all([
      balloonLab(['sweep', sweep, '--out', join(dir, 'single'), '--jobs', '2']),
      ...shardDirs.map((out, i) =>
        balloonLab(['sweep', sweep, '--out', out, '--shard', 'auto', '--jobs', '1'], shardEnv(i)),
      ),
    ]);
    expect([single!.code, single!.stderr]).toEqual([0, '']);
    shards.forEach((s, i) => {
      expect([s.code, s.stderr]).toEqual([0, '']);
      expect(s.stdout).toContain(
        `slice ${i + 1} of 4: ${i < 2 ? 'Slurm array task' : 'Kubernetes completion index'}`,
      );
    });
    const slices = await Promise.all(shardDirs.map((d) => readdir(join(d, 'runs'))));
    expect(slices.map((s) => s.length)).toEqual([2, 2, 2, 2]);

    const merged = await balloonLab(['sweep', 'merge', ...shardDirs, '--out', join(dir, 'merged')]);
    expect([merged.code, merged.stderr]).toEqual([0, '']);
    const expected = await readFile(join(dir, 'single', 'results.csv'));
    expect(expected.toString('utf8').trimEnd().split('\n')).toHaveLength(1 + 8);
    expect((await readFile(join(dir, 'merged', 'results.csv'))).equals(expected)).toBe(true);
    expect(await readFile(join(dir, 'merged', 'sweep.json'), 'utf8')).toBe(
      await readFile(join(dir, 'single', 'sweep.json'), 'utf8'),
    );
  });
});
