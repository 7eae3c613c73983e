import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostCsvHeader, logCsvHeader, vmsCsvHeader } from '../../../core/trace/trace-columns';
import { getPreset } from '../../../core/presets/presets';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';

const repo = resolve(import.meta.dirname, '../../..');
const bin = join(repo, 'bin/balloon-lab.mjs');
const files = ['host.csv', 'vms.csv', 'log.csv', 'summary.json'];

function balloonLab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repo, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(out: string): Promise<Record<string, string>> {
  const entries = await Promise.all(
    files.map(async (f) => [f, await readFile(join(out, f), 'utf8')] as const),
  );
  return Object.fromEntries(entries);
}

describe('balloon-lab run (spawned like a user would)', () => {
  const durationS = 120;
  const everyS = 10;
  const samples = durationS / everyS;
  const vmIds = parseScenarioOrThrow(getPreset('basics')!.scenario)
    .vms.map((vm) => vm.id)
    .sort();

  it('runs a preset and writes the four files with exact headers and one row per sample', async () => {
    const out = join(dir, 'basics');
    const r = await balloonLab(
      'run',
      'preset:basics',
      '--out',
      out,
      '--duration',
      String(durationS),
      '--every',
      String(everyS),
    );
    expect(r.stderr).toBe('balloon-lab: note: 3 scheduled events after 120 s will not happen\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ran "Basics: ballooning on a 16 GiB host" \(seed 42\): 120 s simulated/);
    expect((await readdir(out)).sort()).toEqual([...files].sort());
    const f = await read(out);
    const host = f['host.csv']!.split('\n');
    const vms = f['vms.csv']!.split('\n');
    expect(host[0]).toBe(hostCsvHeader.join(','));
    expect(vms[0]).toBe(vmsCsvHeader.join(','));
    expect(f['log.csv']!.split('\n')[0]).toBe(logCsvHeader.join(','));
    expect(host.at(-1)).toBe('');
    expect(host.length - 2).toBe(samples);
    expect(vms.length - 2).toBe(samples * vmIds.length);
    expect(host.slice(1, -1).map((l) => l.split(',')[0])).toEqual(
      Array.from({ length: samples }, (_, i) => String((i + 1) * everyS)),
    );
    expect(vms.slice(1, 1 + vmIds.length).map((l) => l.split(',')[1])).toEqual(vmIds);
    for (const line of host.slice(1, -1)) expect(line.split(',').length).toBe(hostCsvHeader.length);
    for (const line of vms.slice(1, -1)) expect(line.split(',').length).toBe(vmsCsvHeader.length);
    expect(f['log.csv']).not.toContain('\r');

    const summary = JSON.parse(f['summary.json']!);
    expect(Object.keys(summary)).toEqual(['scenario', 'seed', 'durationS', 'engineVersion', 'host', 'vms']);
    expect(summary).toMatchObject({ scenario: 'Basics: ballooning on a 16 GiB host', seed: 42, durationS });
    expect(Object.keys(summary.host.timeInStateS)).toEqual(['high', 'clear', 'soft', 'hard', 'low']);
    const stateTotal = Object.values<number>(summary.host.timeInStateS).reduce((s, v) => s + v, 0);
    expect(stateTotal).toBeCloseTo(durationS, 6);
    expect(Object.keys(summary.vms)).toEqual(vmIds);
    for (const id of vmIds) {
      expect(Object.keys(summary.vms[id].final)).toEqual(vmsCsvHeader.slice(2));
      expect(Object.keys(summary.vms[id])).toEqual([
        'final',
        'mean',
        'perfIndexMean',
        'perfIndexMin',
        'swapInMiB',
        'guestSwapInMiB',
        'poweredOn',
        'poweredOnS',
      ]);
    }
  });

  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const args = ['--duration', '300', '--every', '5'];
    const [a, b, c] = [join(dir, 'same-a'), join(dir, 'same-b'), join(dir, 'other')];
    const runs = await Promise.all([
      balloonLab('run', 'preset:balloon-vs-swap', '--out', a, '--seed', '7', ...args),
      balloonLab('run', 'preset:balloon-vs-swap', '--out', b, '--seed', '7', ...args),
      balloonLab('run', 'preset:balloon-vs-swap', '--out', c, '--seed', '8', ...args),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    const [fa, fb, fc] = await Promise.all([read(a), read(b), read(c)]);
    expect(fb).toEqual(fa);
    expect(fc['vms.csv'] === fa['vms.csv'] && fc['log.csv'] === fa['log.csv']).toBe(false);
    expect(JSON.parse(fc['summary.json']!).seed).toBe(8);
  });

  it('runs a scenario file and draws no progress bar when stderr is not a terminal', async () => {
    const file = join(dir, 'small.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'small',
        durationS: 30,
        vms: [{ id: 'only', memoryMiB: 1024, workload: { kind: 'steady', demandMiB: 300 } }],
      }),
    );
    const out = join(dir, 'small');
    const r = await balloonLab('run', file, '--out', out);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const host = (await readFile(join(out, 'host.csv'), 'utf8')).trimEnd().split('\n');
    expect(host.length).toBe(31);
  });

  it('exits 2 on a bad scenario with the field path and the reason on stderr', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        vms: [
          { id: 'a', memoryMiB: 4096, reservationMiB: 8192 },
          { id: 'b', shares: 'lots' },
        ],
      }),
    );
    const r = await balloonLab('run', file, '--out', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}: invalid scenario`);
    expect(r.stderr).toMatch(/vms\[1\]\.shares: /);
    const cross = join(dir, 'cross.json');
    await writeFile(cross, JSON.stringify({ vms: [{ id: 'a', memoryMiB: 4096, reservationMiB: 8192 }] }));
    expect((await balloonLab('run', cross, '--out', join(dir, 'bad'))).stderr).toContain(
      'vms[0].reservationMiB: 8192 MiB is above',
    );
  });

  it('says clearly when the file is missing (exit 1) or is not JSON (exit 2)', async () => {
    const missing = await balloonLab('run', join(dir, 'nope.json'), '--out', join(dir, 'x'));
    expect(missing).toMatchObject({
      code: 1,
      stderr: `balloon-lab: cannot read scenario file "${join(dir, 'nope.json')}": no such file\n`,
    });
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{\n  "seed": 1,\n  "vms": [\n}\n');
    const r = await balloonLab('run', broken, '--out', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^balloon-lab: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON`),
    );
  });

  it('exits 1 with a clear message when the output folder cannot be created', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const r = await balloonLab('run', 'preset:basics', '--out', file, '--duration', '5');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `balloon-lab: cannot create output folder "${file}": "${file}" is not a folder`,
    );
  });

  it('prints help for every command', async () => {
    for (const args of [['--help'], ['run', '--help'], ['presets', '--help'], ['preset', '--help']]) {
      const r = await balloonLab(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: balloon-lab/);
    }
  });
});
