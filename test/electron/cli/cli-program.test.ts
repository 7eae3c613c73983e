import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../../electron/cli/cli-program';
import { presets } from '../../../core/presets/presets';
import { parseScenario } from '../../../core/scenario/parse-scenario';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    version: '9.9.9',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    progressStream: null,
    loadEngine: () => Promise.reject(new Error('these tests never run the engine')),
    nowMs: () => 0,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('balloon-lab (in process)', () => {
  it('prints help for the program and every command with exit 0', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const cmd of ['run', 'presets', 'preset']) expect(top.stdout).toContain(cmd);
    expect(top.stdout).toContain('Exit codes:');
    const run = await cli('run', '--help');
    expect(run.code).toBe(0);
    for (const flag of ['--out <dir>', '--seed <n>', '--duration <s>', '--every <s>', 'preset:<id>'])
      expect(run.stdout).toContain(flag);
    expect((await cli('presets', '--help')).code).toBe(0);
    expect((await cli('preset', '--help')).stdout).toContain('--out <file>');
    expect((await cli('help', 'run')).stdout).toContain('--every <s>');
    expect(await cli('--version')).toEqual({ code: 0, stdout: '9.9.9\n', stderr: '' });
  });

  it('prints help with exit 0 for a bare balloon-lab, help and help <command>', async () => {
    const bare = await cli();
    expect([bare.code, bare.stderr]).toEqual([0, '']);
    expect(bare.stdout).toBe((await cli('--help')).stdout);
    const help = await cli('help');
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('Usage: balloon-lab [options] [command]');
    const helpRun = await cli('help', 'run');
    expect([helpRun.code, helpRun.stderr]).toEqual([0, '']);
    expect(helpRun.stdout).toContain('Usage: balloon-lab run [options] <scenario>');
    expect(helpRun.stdout).toBe((await cli('run', '--help')).stdout);
  });

  it('still fails help for a command that does not exist', async () => {
    const r = await cli('help', 'frob');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: balloon-lab');
  });

  it('hints at preset:<id> when a missing scenario file is named like a preset', async () => {
    for (const name of ['basics', 'basics.json']) {
      const r = await cli('run', name, '--out', join(tmpdir(), 'balloon-hint-never-written'));
      expect(r.code, name).toBe(1);
      expect(r.stderr).toBe(
        `balloon-lab: cannot read scenario file "${name}": no such file (for the preset, use: balloon-lab run preset:basics)\n`,
      );
    }
    for (const name of ['no-such-lab', 'preset', 'x'.repeat(5000), '../basics']) {
      const r = await cli('run', name, '--out', join(tmpdir(), 'balloon-hint-never-written'));
      expect(r.code, name.slice(0, 20)).toBe(1);
      expect(r.stderr).not.toContain('for the preset');
    }
  });

  it('lists every preset id with its summary', async () => {
    const { code, stdout } = await cli('presets');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBe(presets.length);
    presets.forEach((p, i) => {
      expect(lines[i]!.startsWith(p.id)).toBe(true);
      expect(lines[i]!.endsWith(p.summary)).toBe(true);
    });
  });

  it("prints or writes a preset's scenario as valid scenario JSON", async () => {
    const printed = await cli('preset', 'boot-storm');
    expect(printed.code).toBe(0);
    expect(parseScenario(JSON.parse(printed.stdout)).ok).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'balloon-preset-'));
    try {
      const file = join(dir, 'lab.json');
      expect((await cli('preset', 'boot-storm', '--out', file)).code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(printed.stdout);
      const denied = await cli('preset', 'basics', '--out', join(dir, 'no', 'such', 'dir.json'));
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/^balloon-lab: cannot write /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const unknown = await cli('preset', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('balloon-lab: unknown preset "nope" (list them with: balloon-lab presets)\n');
  });

  it('rejects usage errors with exit 2 before touching the engine', async () => {
    for (const args of [
      ['run', 'preset:basics'],
      ['run', 'preset:basics', '-o', 'x', '--seed', 'abc'],
      ['frob'],
      ['run', 'preset:basics', '-o', 'x', '--every', '0'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/error: /);
    }
    const bad = await cli('run', 'preset:basics', '-o', 'x', '--duration', 'soon');
    expect(bad.stderr).toContain('--duration must be a whole number');
  });

  it('fails a run with exit 2 on a bad scenario, naming the field', async () => {
    const r = await cli('run', 'preset:nope', '--out', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown preset "nope"');
  });
});
