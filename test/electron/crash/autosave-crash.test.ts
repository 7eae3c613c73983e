import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Autosaver } from '../../../electron/services/session/autosave';
import { RecoveryStore } from '../../../electron/services/session/recovery';
import { sampleSession } from '../../fixtures/sessions/session-fixtures';
import { bundleChild } from './bundle-child';

let childScript: string;
let dir: string;
beforeAll(async () => {
  childScript = await bundleChild('autosave-child.ts');
  dir = await mkdtemp(join(tmpdir(), 'balloon-autosave-crash-'));
  await writeFile(
    join(dir, 'session.json'),
    JSON.stringify({ ...sampleSession(), name: 'work in progress', interventions: [] }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(join(childScript, '..'), { recursive: true, force: true });
});

/** Starts an autosaving app run and SIGKILLs it `afterMs` after its first autosave. */
async function crashRun(stateDir: string, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, [childScript, stateDir, join(dir, 'session.json')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    void exited.then(([code]) => reject(new Error(`app run exited early with ${String(code)}`)));
  });
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill('SIGKILL');
  await exited;
}

describe('recovery after a real crash', () => {
  it('the next start offers the autosave of a killed run, whenever the kill landed', async () => {
    const stateDir = join(dir, 'state');
    for (const afterMs of [0, 7, 23, 41, 90, 150]) {
      await crashRun(stateDir, afterMs);
      const store = new RecoveryStore({ stateDir });
      const info = await store.checkAtStartup();
      expect(info, `kill ${afterMs} ms after the first autosave: ${JSON.stringify(info)}`).toMatchObject({
        available: true,
        name: 'work in progress',
      });
      const doc = await store.recover();
      expect(doc!.tick).toBe(info.tick);
      expect(doc!.tick).toBeGreaterThanOrEqual(1);
      await store.discard();
      expect((await readdir(stateDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
    // A run that exits cleanly afterwards leaves nothing to recover.
    const saver = new Autosaver({ stateDir, snapshot: () => sampleSession() });
    await new RecoveryStore({ stateDir }).checkAtStartup();
    await saver.start();
    await saver.saveNow();
    await saver.markCleanExit();
    expect(await new RecoveryStore({ stateDir }).checkAtStartup()).toEqual({ available: false });
  });
});
