import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../../electron/cli/cli-program';
import { createEngine } from '../../../core/engine/create-engine';
import { parseScenario } from '../../../core/scenario/parse-scenario';
import { esxtopText } from '../../core/import/esxtop-fixture';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    version: '9.9.9',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    progressStream: null,
    loadEngine: async () => createEngine,
    nowMs: () => 0,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A small host under pressure, whose capture holds the real host's reclamation counters. */
const capture = esxtopText({
  machineMiB: 2048,
  rows: 24,
  trailingComma: true,
  freeMiB: (r) => 900 - r * 5,
  state: (r) => (r < 12 ? 0 : 2),
  systemGroups: ['system', 'hostd.2098'],
  vms: [
    {
      gid: 10,
      name: 'app (blue)',
      memszMiB: 1024,
      touched: (r) => 600 + r * 10,
      activePct: () => 30,
      memctl: (r) => r * 4,
      swapped: () => 0,
    },
    {
      gid: 11,
      name: 'batch.1a',
      memszMiB: 768,
      touched: () => 500,
      activePct: () => 50,
      memctl: () => 100,
    },
  ],
});

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-import-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('balloon-lab import', () => {
  it('round trip: import an esxtop capture, run it, report recorded vs simulated', async () => {
    await writeFile(join(dir, 'cap.csv'), capture);
    const out = join(dir, 'host.json');
    const r = await cli('import', join(dir, 'cap.csv'), '--out', out, '--run', join(dir, 'replay'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('esxtop trace, 1 file, 25 lines: 2 VMs on a 2048 MiB host (from the trace)');
    expect(r.stdout).toContain('2 system groups (not VMs): "system", "hostd.2098"');
    const scenario = parseScenario(JSON.parse(await readFile(out, 'utf8')));
    expect(scenario.ok).toBe(true);
    const recorded = await readFile(join(dir, 'host.recorded-vms.csv'), 'utf8');
    expect(recorded.split('\n')[0]).toBe('time_s,vm,mctlsz_mib,swcur_mib,zip_mib,shrdsvd_mib,sztgt_mib');
    expect(recorded).toContain('\n5,app-blue,4,0,,,\n');
    const host = await readFile(join(dir, 'host.recorded-host.csv'), 'utf8');
    expect(host.split('\n').slice(0, 2)).toEqual(['time_s,pmem_mib,free_mib,state', '0,2048,900,high']);
    expect(host).toContain('\n60,2048,840,soft\n');
    const replay = (await readFile(join(dir, 'replay', 'replay-vms.csv'), 'utf8')).trim().split('\n');
    expect(replay[0]).toMatch(/^time_s,vm,recorded_mctlsz_mib,simulated_mctlsz_mib,recorded_swcur_mib/);
    // Every 5 s sample of both VMs (24 rows, the first at 5 s).
    expect(replay.length - 1).toBe(2 * 23);
    const row = replay.find((l) => l.startsWith('100,app-blue,'))!.split(',');
    expect(row[2]).toBe('80');
    expect(Number.isFinite(Number(row[3]))).toBe(true);
    const hostReplay = (await readFile(join(dir, 'replay', 'replay-host.csv'), 'utf8')).trim().split('\n');
    expect(hostReplay[0]).toBe('time_s,recorded_free_mib,simulated_free_mib,recorded_state,simulated_state');
    const summary = await readFile(join(dir, 'replay', 'replay-summary.txt'), 'utf8');
    expect(summary).toMatch(/mean absolute difference/);
    expect(summary).toMatch(/^all VMs\t[\d.]+\t[\d.]+$/m);
    expect(summary).toMatch(/host free_mib: [\d.]+ MiB over 23 samples/);
    expect(summary).toMatch(/host state: the same in \d+ of 23 samples/);
  });

  it('imports a folder of GWA-T-12 files with a chosen host size and policy', async () => {
    const folder = join(dir, 'fastStorage');
    await mkdir(folder);
    const header = 'Timestamp [ms];\tCPU cores;\tMemory capacity provisioned [KB];\tMemory usage [KB]';
    for (const vm of [1, 2, 10]) {
      const rows = Array.from(
        { length: 10 },
        (_, i) => `${1_376_314_846 + i * 300};\t2;\t2097152;\t${524288 + i * vm};`,
      );
      // GWA-T-12 lines end with the separator too.
      await writeFile(join(folder, `${vm}.csv`), `${header}\n${rows.join('\n')}\n`.replace(/;\n/g, '\n'));
    }
    const out = join(dir, 'bb.json');
    const r = await cli('import', folder, '--out', out, '--host-mib', '4096', '--policy', 'kvm-mom');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8')) as {
      vms: { id: string }[];
      host: { memoryMiB: number };
      policy: { kind: string };
    };
    expect(doc.vms.map((v) => v.id)).toEqual(['1', '2', '10']);
    expect([doc.host.memoryMiB, doc.policy.kind]).toEqual([4096, 'kvm-mom']);
  });

  it('refuses a malformed trace with exit 2, naming line and column', async () => {
    const lines = capture.split('\r\n');
    lines[4] = lines[4]!.replace(/,"\d+",/, ',"12"x,');
    await writeFile(join(dir, 'bad.csv'), lines.join('\r\n'));
    const r = await cli('import', join(dir, 'bad.csv'), '--out', join(dir, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cannot import .*bad\.csv: bad\.csv, line 5, column \d+: unexpected text after a closing quote/,
    );
    const missing = await cli('import', join(dir, 'nope.csv'), '--out', join(dir, 'x.json'));
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/there is no such file or folder/),
    ]);
    const badFormat = await cli(
      'import',
      join(dir, 'bad.csv'),
      '--out',
      join(dir, 'x.json'),
      '--format',
      'xls',
    );
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of esxtop, bitbrains, csv/);
  });

  it('--run without recorded counters says there is nothing to compare', async () => {
    await writeFile(
      join(dir, 'plain.csv'),
      'time_s,vm,memory_mib,demand_mib,active_pct\n0,a,1024,300,20\n10,a,1024,400,20\n',
    );
    const r = await cli(
      'import',
      join(dir, 'plain.csv'),
      '--out',
      join(dir, 'p.json'),
      '--run',
      join(dir, 'r'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no recorded reclamation counters/);
  });
});
