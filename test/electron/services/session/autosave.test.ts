import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionDocument } from '../../../../core/session/session-schema';
import { Autosaver, autosavePath } from '../../../../electron/services/session/autosave';
import { readRunMarker } from '../../../../electron/services/session/autosave-marker';
import { readSessionFile } from '../../../../electron/services/session/session-file';
import { packSessionTrace } from '../../../../electron/services/session/session-trace';
import { sampleSession } from '../../../fixtures/sessions/session-fixtures';
import { FakeClock } from '../fake-clock';

let stateDir: string;
let clock: FakeClock;
let current: SessionDocument | null;
beforeEach(async () => {
  stateDir = join(await mkdtemp(join(tmpdir(), 'balloon-autosave-')), 'state'); // created by start()
  clock = new FakeClock();
  current = sampleSession();
});
afterEach(async () => {
  await rm(join(stateDir, '..'), { recursive: true, force: true });
});

function autosaver(extra: Partial<ConstructorParameters<typeof Autosaver>[0]> = {}): Autosaver {
  return new Autosaver({ stateDir, clock, snapshot: () => current, ...extra });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('Autosaver', () => {
  it('marks the run as not cleanly exited when it starts', async () => {
    await autosaver().start();
    expect(await readRunMarker(stateDir)).toEqual({
      schema: 'balloon-lab/run-marker@1',
      pid: process.pid,
      startedIso: '2026-02-11T09:00:00.000Z',
      cleanExit: false,
      lastAutosaveIso: null,
    });
  });

  it('saves every 30 s, stamped with the autosave time, and notes it in the marker', async () => {
    const saver = autosaver();
    await saver.start();
    clock.advance(29_999);
    expect(await exists(autosavePath(stateDir))).toBe(false);
    clock.advance(1);
    expect(await saver.saveNow()).toBe(true); // the timer's save, already in flight
    expect(await saver.saveNow()).toBe(false);
    const saved = await readSessionFile(autosavePath(stateDir));
    expect(saved).toEqual({ ...current, savedIso: '2026-02-11T09:00:30.000Z' });
    expect(saver.lastAutosaveIso).toBe('2026-02-11T09:00:30.000Z');
    expect((await readRunMarker(stateDir)) as { lastAutosaveIso: string }).toMatchObject({
      lastAutosaveIso: '2026-02-11T09:00:30.000Z',
      cleanExit: false,
    });
    await saver.stop();
  });

  it('skips the write while the session is unchanged or absent', async () => {
    const snapshot = vi.fn(() => current);
    const saver = autosaver({ snapshot });
    await saver.start();
    expect(await saver.saveNow()).toBe(true);
    const first = await readFile(autosavePath(stateDir), 'utf8');
    clock.advance(30_000);
    expect(await saver.saveNow()).toBe(false); // savedIso alone does not count as a change
    expect(await readFile(autosavePath(stateDir), 'utf8')).toBe(first);
    current = { ...current!, tick: current!.tick + 10 };
    expect(await saver.saveNow()).toBe(true);
    expect((await readSessionFile(autosavePath(stateDir))).tick).toBe(1235);
    current = null;
    expect(await saver.saveNow()).toBe(false);
    expect(snapshot).toHaveBeenCalled();
    await saver.stop();
  });

  it('keeps no autosave while the session holds nothing unsaved, and writes one again once it does', async () => {
    let unsaved = true;
    const snapshot = vi.fn(() => current);
    const saver = autosaver({ snapshot, unsaved: () => unsaved });
    await saver.start();
    expect(await saver.saveNow()).toBe(true);
    expect(await exists(autosavePath(stateDir))).toBe(true);
    // Saved (or opened from its file): the copy goes, and no snapshot is asked for.
    unsaved = false;
    snapshot.mockClear();
    expect(await saver.saveNow()).toBe(false);
    expect(await exists(autosavePath(stateDir))).toBe(false);
    expect(await saver.saveNow()).toBe(false);
    expect(snapshot).not.toHaveBeenCalled();
    // Changed again, even back to the content of the removed copy: written, or a crash would lose it.
    unsaved = true;
    expect(await saver.saveNow()).toBe(true);
    expect(await readSessionFile(autosavePath(stateDir))).toMatchObject({
      name: current!.name,
      tick: current!.tick,
    });
  });

  it('takes no snapshot while the session revision is that of the autosave written last', async () => {
    let revision: string | null = 'r1';
    const snapshot = vi.fn(() => current);
    const saver = autosaver({ snapshot, revision: () => revision });
    await saver.start();
    expect(await saver.saveNow()).toBe(true);
    expect(await saver.saveNow()).toBe(false);
    expect(snapshot).toHaveBeenCalledTimes(1);
    revision = 'r2';
    current = { ...current!, tick: current!.tick + 1 };
    expect(await saver.saveNow()).toBe(true);
    expect(snapshot).toHaveBeenCalledTimes(2);
    expect(await readSessionFile(autosavePath(stateDir))).toMatchObject({ tick: current.tick });
    // Without a revision, every autosave takes its snapshot and compares.
    revision = null;
    expect(await saver.saveNow()).toBe(false);
    expect(snapshot).toHaveBeenCalledTimes(3);
  });

  it('keeps a session too large with its checkpoints and trace without them, rather than not at all', async () => {
    const trace = await packSessionTrace({
      // Random bytes do not compress: a checkpoint far larger than the file may be.
      checkpoint: { tick: 0, bytes: randomBytes(200_000) },
      earlier: [],
      samples: { vmIds: [], rows: 0, data: new Float64Array(0) },
      lines: [],
    });
    current = { ...current!, trace: { ...trace, checkpointTick: 0 } };
    const saver = autosaver({ maxFileBytes: 100_000 });
    await saver.start();
    expect(await saver.saveNow()).toBe(true);
    const saved = await readSessionFile(autosavePath(stateDir));
    expect(saved.trace).toBeUndefined();
    expect(saved.tick).toBe(current.tick);
    await saver.stop();
  });

  it('reports failures from the timer without stopping it', async () => {
    const onError = vi.fn();
    let fail = true;
    const saver = autosaver({
      onError,
      snapshot: () => {
        if (fail) throw new Error('engine busy');
        return current;
      },
    });
    await saver.start();
    clock.advance(30_000);
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'engine busy' })),
    );
    fail = false;
    clock.advance(30_000);
    await vi.waitFor(async () => expect(await exists(autosavePath(stateDir))).toBe(true));
    await saver.stop();
  });

  it('on a clean exit deletes the autosave, stops the timer and records the clean exit', async () => {
    const snapshot = vi.fn(() => current);
    const saver = autosaver({ snapshot });
    await saver.start();
    await saver.saveNow();
    await saver.markCleanExit();
    expect(await exists(autosavePath(stateDir))).toBe(false);
    expect(await readRunMarker(stateDir)).toMatchObject({ cleanExit: true });
    expect(clock.activeTimers).toBe(0);
    const calls = snapshot.mock.calls.length;
    clock.advance(120_000);
    expect(snapshot.mock.calls.length).toBe(calls);
  });
});
