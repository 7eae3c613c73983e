import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineClient, describeEngineExit } from '../../../../electron/services/engine/engine-client';
import { forkEngineProcess } from '../../../../electron/services/engine/engine-process';

const child = (name: string): string => fileURLToPath(new URL(`./crash-children/${name}`, import.meta.url));

/** Starts `entry` as the engine, asks it anything, and resolves with how its death was reported. */
async function deathOf(entry: string, maxHeapMiB: number): Promise<{ reason: string; request: unknown }> {
  let reportDeath: (reason: string) => void = () => undefined;
  const died = new Promise<string>((resolve) => (reportDeath = resolve));
  const client = await EngineClient.start(
    forkEngineProcess,
    entry,
    { maxHeapMiB },
    { onUpdate: () => undefined, onProgress: () => undefined, onDeath: (reason) => reportDeath(reason) },
  );
  const request = client.request({ type: 'digest' }).then(
    () => 'answered',
    (error: unknown) => error,
  );
  return { reason: await died, request: await request };
}

describe('the engine process', () => {
  it('runs out of its bounded heap alone: the death is reported and this process goes on', async () => {
    const { reason, request } = await deathOf(child('heap-hog.mjs'), 64);
    expect(reason).toMatch(/^the engine ran out of memory \(FATAL ERROR: .*heap out of memory/);
    expect(request).toMatchObject({ code: 'dead', message: reason });
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 2 ** 20);
  });

  it('hits a V8 fatal size error alone: the death is reported and this process goes on', async () => {
    const { reason, request } = await deathOf(child('size-overflow.mjs'), 4096);
    expect(reason).toMatch(/^the engine hit a fatal error \(Fatal JavaScript invalid size error/);
    expect(request).toMatchObject({ code: 'dead' });
  });

  it('an engine that dies before it is ready is refused at once, not waited for', async () => {
    await expect(
      EngineClient.start(
        forkEngineProcess,
        child('missing-entry.mjs'),
        { maxHeapMiB: 64 },
        {
          onUpdate: () => undefined,
          onProgress: () => undefined,
          onDeath: () => undefined,
        },
      ),
    ).rejects.toThrow(
      /the engine process failed to start: the engine process exited unexpectedly \(code 1\)/,
    );
  });
});

describe('why not a worker thread', () => {
  const runThread = (kind: 'heap' | 'size') =>
    spawnSync(process.execPath, [child('thread-crash.mjs'), kind], { encoding: 'utf8', timeout: 120_000 });

  it('a worker thread with resource limits survives running out of heap', () => {
    const result = runThread('heap');
    expect(result.stdout).toContain('worker error: ERR_WORKER_OUT_OF_MEMORY');
    expect(result.stdout).toContain('survived');
    expect(result.status).toBe(0);
  });

  it('but a V8 fatal size error in a worker thread takes its whole process down', () => {
    const result = runThread('size');
    expect(result.stderr).toContain('Fatal JavaScript invalid size error');
    expect(result.stdout).not.toContain('survived');
    expect(result.status === 0 && result.signal === null).toBe(false);
  });
});

describe('describeEngineExit', () => {
  it('names a kill by its signal and an exit by its code when stderr says nothing', () => {
    expect(describeEngineExit({ code: null, signal: 'SIGKILL', stderrTail: '' })).toBe(
      'the engine process was killed (SIGKILL)',
    );
    expect(describeEngineExit({ code: 3, signal: null, stderrTail: 'some warning\n' })).toBe(
      'the engine process exited unexpectedly (code 3)',
    );
  });
});
