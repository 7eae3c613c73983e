import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxSessionFileBytes } from '../../../../core/session/safe-json';
import type { SessionDocument } from '../../../../core/session/session-schema';
import { Autosaver, autosavePath } from '../../../../electron/services/session/autosave';
import { writeRunMarker } from '../../../../electron/services/session/autosave-marker';
import {
  RecoveryStore,
  recoveryPath,
  rejectedAutosaveFileName,
} from '../../../../electron/services/session/recovery';
import { readSessionFile } from '../../../../electron/services/session/session-file';
import { sampleSession } from '../../../fixtures/sessions/session-fixtures';
import { FakeClock } from '../fake-clock';

let stateDir: string;
let clock: FakeClock;
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'balloon-recovery-bad-'));
  clock = new FakeClock();
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

/** The marker a run leaves when it is killed. */
async function crashedRun(): Promise<void> {
  await writeRunMarker(stateDir, {
    schema: 'balloon-lab/run-marker@1',
    pid: 1,
    startedIso: '2026-02-11T09:00:00.000Z',
    cleanExit: false,
    lastAutosaveIso: null,
  });
}

/** A session whose UI state alone is over the file limit: valid, but too large to load again. */
function oversized(): SessionDocument {
  const chunk = 'x'.repeat(1024 * 1024 - 16);
  const uiState: Record<string, unknown> = {};
  for (let i = 0; i < Math.ceil(maxSessionFileBytes / chunk.length) + 1; i++) uiState[`panel${i}`] = chunk;
  return { ...sampleSession(), uiState };
}

describe('recovery never trades a loadable copy for one that cannot be opened', () => {
  it('an autosave too large to load is never written: the last good one stays', async () => {
    const saver = new Autosaver({ stateDir, clock, snapshot: () => current });
    let current: SessionDocument = { ...sampleSession(), name: 'good' };
    await saver.start();
    expect(await saver.saveNow()).toBe(true);
    const before = await readFile(autosavePath(stateDir), 'utf8');
    current = oversized();
    const error = await saver.saveNow().then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('too-large');
    expect(error?.message).toMatch(/more than the 64\.0 MiB a session file may be.*it was not saved/);
    expect(await readFile(autosavePath(stateDir), 'utf8')).toBe(before);
    expect((await readSessionFile(autosavePath(stateDir))).name).toBe('good');
    expect((await readdir(stateDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await saver.stop();
  }, 60_000);

  it('keeps the older recovery file when the crashed run left an autosave that cannot be opened, and says why', async () => {
    const older = { ...sampleSession(), name: 'older work' };
    await writeFile(recoveryPath(stateDir), JSON.stringify(older));
    await writeFile(autosavePath(stateDir), '{"schema": "balloon-lab/session@1", "trunc');
    await crashedRun();
    const info = await new RecoveryStore({ stateDir }).checkAtStartup();
    expect(info).toMatchObject({ available: true, name: 'older work' });
    expect(info.reason).toMatch(
      /autosave of the run that ended unexpectedly cannot be opened \(Corrupt: not valid JSON/,
    );
    expect(info.reason).toContain(rejectedAutosaveFileName);
    expect(await readdir(stateDir)).toContain(rejectedAutosaveFileName);
    expect((await readSessionFile(recoveryPath(stateDir))).name).toBe('older work');
  });

  it('says why nothing is offered: an oversized autosave, or a recovery file that cannot be opened', async () => {
    await writeFile(autosavePath(stateDir), '{}');
    await truncate(autosavePath(stateDir), maxSessionFileBytes + 1);
    await crashedRun();
    const store = new RecoveryStore({ stateDir });
    const info = await store.checkAtStartup();
    expect(info.available).toBe(false);
    expect(info.reason).toMatch(/cannot be opened \(The file is 64\.0 MiB, more than the 64\.0 MiB limit/);
    expect(await store.recover()).toBeNull();

    await writeFile(recoveryPath(stateDir), '{"schema":"balloon-lab/session@9"}');
    const newer = await new RecoveryStore({ stateDir }).info();
    expect(newer.available).toBe(false);
    expect(newer.reason).toMatch(
      /The recovery file .* cannot be opened: This session was made by a newer Balloon Lab/,
    );
  });
});
