import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../electron/cli/cli-program';
import { loadScenario } from '../../../electron/cli/load-scenario';
import { prepareOutputFolder } from '../../../electron/cli/output-folder';
import { CliError } from '../../../electron/cli/cli-errors';
import { memoryBudgetOf } from '../../../core/scenario/run-budget';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-cli-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process; the engine must never start for a refused input. */
async function cli(...args: string[]) {
  let stderr = '';
  const io: CliIo = {
    version: '9.9.9',
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    progressStream: null,
    loadEngine: async () => () => {
      throw new Error('the engine must not start for refused input');
    },
    nowMs: () => 0,
  };
  const started = performance.now();
  const code = await runCli(args, io);
  return { code, stderr, ms: performance.now() - started };
}

async function scenarioFile(name: string, scenario: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(scenario));
  return path;
}

describe('balloon-lab run: hostile inputs are refused at once', () => {
  it('refuses a FIFO, a directory and devices as the scenario with exit 2, without opening them for reading', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const cases: [string, RegExp][] = [
      [fifo, /is a FIFO \(named pipe\), not a regular file/],
      [dir, /is a directory, not a regular file/],
      ['/dev/null', /is a character device, not a regular file/],
      ['/dev/zero', /is a character device, not a regular file/],
    ];
    for (const [source, message] of cases) {
      const r = await cli('run', source, '--out', join(dir, 'out'));
      expect(r.code, source).toBe(2);
      expect(r.stderr, source).toMatch(message);
      expect(r.ms, source).toBeLessThan(2000);
    }
  });

  it('refuses output folders it cannot create, at once and with exit 1', async () => {
    const scenario = await scenarioFile('ok.json', { durationS: 10 });
    await writeFile(join(dir, 'a-file'), 'x');
    await mkdir(join(dir, 'fifo-out'));
    execFileSync('mkfifo', [join(dir, 'fifo-out', 'host.csv')]);
    const cases: [string, RegExp][] = [
      ['/proc/x', /cannot create output folder "\/proc\/x"/],
      ['/proc/self/x/y', /cannot create output folder/],
      [join(dir, 'a-file'), /is not a folder/],
      [join(dir, 'a-file', 'sub'), /is not a folder/],
      [join(dir, 'fifo-out'), /host\.csv": it exists and is not a regular file/],
    ];
    for (const [out, message] of cases) {
      const r = await cli('run', scenario, '--out', out);
      expect(r.code, out).toBe(1);
      expect(r.stderr, out).toMatch(message);
      expect(r.stderr, out).not.toMatch(/engine must not start/);
      expect(r.ms, out).toBeLessThan(2000);
    }
  });

  it('creates a missing output folder chain one level at a time', async () => {
    const out = join(dir, 'new', 'deeper', 'out');
    await prepareOutputFolder(out, ['host.csv']);
    await expect(prepareOutputFolder(out, ['host.csv'])).resolves.toBeUndefined();
  });

  it("refuses the issue's scenarios with exit 2, naming the field and the bound", async () => {
    const cases: [unknown, RegExp][] = [
      [
        { vms: [{ id: 'a', workload: { kind: 'bursty', meanGapS: 1e-12, burstS: 1e-12 } }] },
        /vms\[0\]\.workload\.burstS: 1e-12 s is shorter than one tick/,
      ],
      [{ durationS: 30 * 24 * 3600, tickMs: 100 }, /durationS: 2592000 s at tickMs 100 is 25920000 ticks/],
      [
        {
          host: { memoryMiB: 16 * 1024 * 1024 },
          vms: Array.from({ length: 512 }, (_, i) => ({ id: `v${i}`, memoryMiB: 4 * 1024 * 1024 })),
        },
        /host\.memoryMiB: .*4194304/,
      ],
    ];
    for (const [i, [scenario, message]] of cases.entries()) {
      const r = await cli('run', await scenarioFile(`bad${i}.json`, scenario), '--out', join(dir, 'out'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses a valid scenario this machine cannot hold, before the engine starts', async () => {
    const big = await scenarioFile('big.json', {
      host: { memoryMiB: 1024 * 1024 },
      vms: Array.from({ length: 4 }, (_, i) => ({ id: `v${i}`, memoryMiB: 1000 * 1024 })),
    });
    const small = { ...memoryBudgetOf(2 * 2 ** 30), keepsHistory: false };
    const error = await loadScenario(big, {}, small).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(
      /too big to run on this machine\n {2}vms: this run needs about 9\.8 GiB of memory, more than the 1\.0 GiB it may use \(half of this machine's 2\.0 GiB\)/,
    );
  });
});
