import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../../electron/cli/cli-program';
import { sweepSchemaId } from '../../../core/experiment/sweep-schema';
import { tinyLab } from '../../support/sweep-fixtures';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    version: '9.9.9',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    progressStream: null,
    loadEngine: () => Promise.reject(new Error('sweeps load the engine in their worker threads')),
    nowMs: () => 0,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-sweep-'));
  // The base scenario sits beside the sweep file and is named relative to it.
  await writeFile(join(dir, 'lab.json'), JSON.stringify({ ...tinyLab(), durationS: 3, events: [] }));
  await writeJson('tiny.sweep.json', {
    schema: sweepSchemaId,
    name: 'tiny',
    base: 'lab.json',
    parameters: [{ path: 'policy.idleTaxPct', values: [0, 75] }],
    seeds: [1],
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeJson(name: string, doc: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(doc));
  return path;
}

const sweepFile = () => join(dir, 'tiny.sweep.json');

describe('balloon-lab sweep', () => {
  it('runs every point, writes results.csv, and resumes without running finished runs again', async () => {
    const out = join(dir, 'out');
    const first = await cli('sweep', sweepFile(), '--out', out, '--jobs', '2', '--traces');
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toContain('swept "tiny": 2 of 2 runs');
    const csv = await readFile(join(out, 'results.csv'), 'utf8');
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith('run_id,point_id,seed,policy.idleTaxPct,host.time_high_s,')).toBe(true);
    expect(lines[1]!.startsWith('p0000-s1,p0000,1,0,')).toBe(true);
    expect(lines[2]!.startsWith('p0001-s1,p0001,1,75,')).toBe(true);
    expect((await readdir(join(out, 'runs'))).sort()).toEqual(['p0000-s1.json', 'p0001-s1.json']);
    // The kept summary is the one `balloon-lab run` writes for the same scenario and seed.
    const kept = JSON.parse(await readFile(join(out, 'runs', 'p0001-s1.json'), 'utf8')) as {
      summary: unknown;
    };
    const traced = JSON.parse(
      await readFile(join(out, 'traces', 'p0001-s1', 'summary.json'), 'utf8'),
    ) as unknown;
    expect(kept.summary).toEqual(traced);
    expect((await readFile(join(out, 'traces', 'p0001-s1', 'vms.csv'), 'utf8')).split('\n')).toHaveLength(
      3 * 2 + 2,
    );

    const again = await cli('sweep', sweepFile(), '--out', out, '--traces');
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('0 of 2 runs') as unknown]);
    expect(again.stdout).toContain('2 already done');
    expect(await readFile(join(out, 'results.csv'), 'utf8')).toBe(csv);

    await rm(join(out, 'runs', 'p0000-s1.json'));
    await writeFile(join(out, 'runs', 'p0001-s1.json'), '{"runId": "p0001-s1", "trunc');
    const resumed = await cli('sweep', sweepFile(), '--out', out, '--jobs', '1');
    expect([resumed.code, resumed.stderr]).toEqual([0, '']);
    expect(resumed.stdout).toContain('2 of 2 runs');
    expect(await readFile(join(out, 'results.csv'), 'utf8')).toBe(csv);
  });

  it('refuses an output folder that holds another sweep', async () => {
    const out = join(dir, 'other');
    await mkdir(out);
    await writeJson('other/sweep.json', {
      schema: 'balloon-lab/sweep-output@1',
      fingerprint: 'sha256:0',
      engineVersion: '0.1',
    });
    const r = await cli('sweep', sweepFile(), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds the results of a different sweep (engine 0.1');
    await writeFile(join(out, 'sweep.json'), '[1, 2');
    expect((await cli('sweep', sweepFile(), '--out', out)).stderr).toContain('sweep.json');
  });

  it.each([
    [['sweep', 'missing.json', '--out', 'x'], 1, 'cannot read sweep file "missing.json": no such file'],
    [['sweep', '.', '--out', 'x'], 2, 'sweep "." is a directory, not a regular file'],
    [['sweep', 'SWEEP', '--jobs', '0', '--out', 'x'], 2, '--jobs must be a whole number from 1 to 256'],
    [['sweep', 'SWEEP', '--shard', '5/4', '--out', 'x'], 2, '--shard must be i/n'],
    [['sweep', 'SWEEP'], 2, "required option '-o, --out <dir>' not specified"],
    [['sweep', 'merge', 'a'], 2, "required option '-o, --out <dir>' not specified"],
  ])('refuses %j with exit %i', async (args, code, message) => {
    const r = await cli(...args.map((a) => (a === 'SWEEP' ? sweepFile() : a)));
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it('names the field, the base or the point that is wrong', async () => {
    const bad = async (doc: Record<string, unknown>, code = 2) => {
      const path = await writeJson('bad.sweep.json', { schema: sweepSchemaId, base: 'lab.json', ...doc });
      const r = await cli('sweep', path, '--out', join(dir, 'never'));
      expect(r.code).toBe(code);
      return r.stderr;
    };
    expect(await bad({ parameters: [{ path: 'policy.idleTaxPct', values: 'all' }] })).toContain(
      'invalid sweep\n  parameters[0].values: must be a list',
    );
    expect(await bad({ base: 'nope.json' }, 1)).toContain(
      `cannot read scenario file "${join(dir, 'nope.json')}"`,
    );
    expect(await bad({ base: { vms: 'none' } })).toContain('bad.sweep.json: base: invalid scenario\n  vms:');
    expect(await bad({ parameters: [{ path: 'host.memoryMiB', values: [512, 64] }] })).toContain(
      'point p0001 (host.memoryMiB=64): host.memoryMiB: must be at least 256 MiB',
    );
    await writeFile(join(dir, 'broken.json'), '{\n  "schema": ');
    expect((await cli('sweep', join(dir, 'broken.json'), '--out', 'x')).stderr).toContain(
      'broken.json: not valid JSON',
    );
  });

  it('explains --shard auto outside a batch engine', async () => {
    for (const name of ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX']) vi.stubEnv(name, undefined);
    try {
      const r = await cli('sweep', sweepFile(), '--out', join(dir, 'auto'), '--shard', 'auto');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--shard auto found neither a Slurm job array');
      vi.stubEnv('JOB_COMPLETION_INDEX', '1');
      expect(
        (await cli('sweep', sweepFile(), '--out', join(dir, 'auto'), '--shard', 'auto')).stderr,
      ).toContain('JOB_COMPLETIONS is not set');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('lists sweep and sweep merge in the help', async () => {
    expect((await cli('--help')).stdout).toContain('sweep');
    const help = await cli('sweep', '--help');
    for (const text of [
      '--jobs <n>',
      '--traces',
      '--shard <i/n|auto>',
      'SLURM_ARRAY_TASK_ID',
      'JOB_COMPLETIONS',
      'merge',
    ])
      expect(help.stdout).toContain(text);
    expect((await cli('sweep', 'merge', '--help')).stdout).toContain('byte for byte');
  });
});

describe('balloon-lab sweep merge', () => {
  it('refuses folders that are not sweeps, shards of different sweeps, and missing runs', async () => {
    const a = join(dir, 'shard-a');
    const b = join(dir, 'shard-b');
    expect((await cli('sweep', sweepFile(), '--out', a, '--shard', '1/2', '--jobs', '1')).code).toBe(0);
    const missing = await cli('sweep', 'merge', a, '--out', join(dir, 'merged'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("the shards hold 1 of the sweep's 2 runs; missing: p0001-s1");
    // A FIFO under a result's name is refused, not waited on.
    execFileSync('mkfifo', [join(a, 'runs', 'p0001-s1.json')]);
    const fifo = await cli('sweep', 'merge', a, '--out', join(dir, 'merged'));
    expect(fifo.stderr).toContain('the result of run p0001-s1 in');
    expect(fifo.stderr).toContain('cannot be read (it is not a regular file)');
    await rm(join(a, 'runs', 'p0001-s1.json'));
    const notSweep = await cli('sweep', 'merge', a, dir, '--out', join(dir, 'merged'));
    expect(notSweep.stderr).toContain(`"${dir}" has no sweep.json`);
    await mkdir(b);
    const manifest = JSON.parse(await readFile(join(a, 'sweep.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(b, 'sweep.json'), JSON.stringify({ ...manifest, fingerprint: 'sha256:1' }));
    const different = await cli('sweep', 'merge', a, b, '--out', join(dir, 'merged'));
    expect(different.stderr).toContain(`"${b}" holds a different sweep than "${a}"`);
    const edited = { ...manifest, sweep: { ...(manifest['sweep'] as object), seeds: [2] } };
    await writeFile(join(b, 'sweep.json'), JSON.stringify(edited));
    const tampered = await cli('sweep', 'merge', b, '--out', join(dir, 'merged'));
    expect(tampered.stderr).toContain('does not match its fingerprint');
  });
});
