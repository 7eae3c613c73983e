import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../electron/cli/cli-errors';
import type { CliIo } from '../../../electron/cli/cli-program';
import { runCli } from '../../../electron/cli/cli-program';
import { addValidateCommand } from '../../../electron/cli/validate-command';
import { waldspurger2002 } from '../../../core/validation/validation-sources';
import type { ValidationExperiment } from '../../../core/validation/validation-types';

function experiment(id: string, pass: boolean | 'throws'): ValidationExperiment {
  return {
    id,
    title: `${id} title`,
    claim: 'claim',
    source: waldspurger2002,
    where: '§1',
    run: () => {
      if (pass === 'throws') throw new Error('engine failed');
      return {
        checks: [{ label: 'l', published: '1', simulated: pass ? '1' : '2', tolerance: 'exact', pass }],
        chart: {
          xLabel: 'x',
          yLabel: 'y',
          series: [
            {
              name: 's',
              points: [
                [0, 1],
                [1, 2],
              ],
            },
          ],
        },
      };
    },
  };
}

/** `balloon-lab validate <args>` over the given experiments: exit code (as runCli maps it) and output. */
async function validate(experiments: ValidationExperiment[], ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    version: '1.0.0',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    progressStream: null,
    loadEngine: () => Promise.reject(new Error('validate never asks for the engine factory')),
    nowMs: () => 0,
  };
  const program = new Command().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  addValidateCommand(program, io, () => Promise.resolve(experiments));
  let code = 0;
  try {
    await program.parseAsync(['validate', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    stderr += e.message;
    code = e.exitCode;
  }
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-lab-validate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('balloon-lab validate', () => {
  it('exits 0 when every experiment passes, one line each, and writes the HTML report', async () => {
    const out = join(dir, 'report.html');
    const r = await validate([experiment('a', true), experiment('b', true)], '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pass {2}a {2}a title\npass {2}b {2}b title\n/);
    expect(r.stdout).toContain(`2 of 2 experiments pass`);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('data-passed="2" data-total="2"');
  });

  it('exits 1 naming the failed experiments, including one whose simulation throws', async () => {
    const r = await validate([
      experiment('ok', true),
      experiment('bad', false),
      experiment('boom', 'throws'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  bad');
    expect(r.stdout).toContain('FAIL  boom  boom title: engine failed');
    expect(r.stderr).toBe('2 experiments failed: bad, boom');
  });

  it('--json prints the whole report as JSON and nothing else on stdout', async () => {
    const r = await validate([experiment('a', true), experiment('b', false)], '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { passed: boolean; results: { id: string; passed: boolean }[] };
    expect(report.passed).toBe(false);
    expect(report.results.map((x) => [x.id, x.passed])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('exits 1 with a clear message when the report cannot be written', async () => {
    const r = await validate([experiment('a', true)], '--out', join(dir, 'missing', 'folder', 'r.html'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cannot write ".*r\.html": /);
  });

  it('is listed in the help and refuses unknown options with exit 2', async () => {
    const io: CliIo = {
      version: '1.0.0',
      stdout: () => {},
      stderr: () => {},
      progressStream: null,
      loadEngine: () => Promise.reject(new Error('unused')),
      nowMs: () => 0,
    };
    let help = '';
    expect(await runCli(['--help'], { ...io, stdout: (t) => (help += t) })).toBe(0);
    expect(help).toContain('validate');
    let validateHelp = '';
    expect(await runCli(['validate', '--help'], { ...io, stdout: (t) => (validateHelp += t) })).toBe(0);
    expect(validateHelp).toContain('--out <file>');
    expect(validateHelp).toContain('--json');
    expect(await runCli(['validate', '--frob'], io)).toBe(2);
  });
});
