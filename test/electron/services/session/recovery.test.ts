import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionDocument } from '../../../../core/session/session-schema';
import { Autosaver, autosavePath } from '../../../../electron/services/session/autosave';
import { runMarkerPath } from '../../../../electron/services/session/autosave-marker';
import { RecoveryStore, recoveryPath } from '../../../../electron/services/session/recovery';
import { sampleSession } from '../../../fixtures/sessions/session-fixtures';
import { FakeClock } from '../fake-clock';

let stateDir: string;
let clock: FakeClock;
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'balloon-recovery-'));
  clock = new FakeClock();
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

/** One app run: recovery check, then autosaving `doc`; `crash` skips the clean exit. */
async function run(doc: SessionDocument, ending: 'crash' | 'clean') {
  const recovery = new RecoveryStore({ stateDir });
  const offered = await recovery.checkAtStartup();
  const saver = new Autosaver({ stateDir, clock, snapshot: () => doc });
  await saver.start();
  clock.advance(30_000);
  await saver.saveNow();
  if (ending === 'clean') await saver.markCleanExit();
  else await saver.stop(); // the process dies here: nothing else runs
  return { offered, recovery };
}

describe('RecoveryStore', () => {
  it('offers nothing on a first start or after a clean exit', async () => {
    expect((await run(sampleSession(), 'clean')).offered).toEqual({ available: false });
    expect(await new RecoveryStore({ stateDir }).checkAtStartup()).toEqual({ available: false });
  });

  it("after a crash offers the crashed run's autosave, and recovers it until discarded", async () => {
    const lost = { ...sampleSession(), name: 'unsaved work', tick: 1500 };
    await run(lost, 'crash');
    const next = await run({ ...sampleSession(), name: 'new run' }, 'crash');
    expect(next.offered).toEqual({
      available: true,
      name: 'unsaved work',
      savedIso: '2026-02-11T09:00:30.000Z',
      tick: 1500,
    });
    // The new run's autosave did not overwrite what is offered.
    expect(await next.recovery.recover()).toEqual({ ...lost, savedIso: '2026-02-11T09:00:30.000Z' });
    expect(await next.recovery.info()).toMatchObject({ available: true, name: 'unsaved work' });
    await next.recovery.discard();
    expect(await next.recovery.info()).toEqual({ available: false });
    expect(await next.recovery.recover()).toBeNull();
    await next.recovery.discard(); // idempotent
  });

  it('replaces an undecided recovery file with the autosave of a later crash', async () => {
    await run({ ...sampleSession(), name: 'first crash' }, 'crash');
    await run({ ...sampleSession(), name: 'second crash' }, 'crash'); // offered 'first crash', user ignored it
    const third = await new RecoveryStore({ stateDir }).checkAtStartup();
    expect(third).toMatchObject({ available: true, name: 'second crash' });
  });

  it('keeps offering after a clean exit of a run that ignored the offer', async () => {
    await run({ ...sampleSession(), name: 'crashed' }, 'crash');
    await run({ ...sampleSession(), name: 'ignored the offer' }, 'clean');
    expect(await new RecoveryStore({ stateDir }).checkAtStartup()).toMatchObject({
      available: true,
      name: 'crashed',
    });
  });

  it('treats an unreadable run marker as a crash', async () => {
    await run({ ...sampleSession(), name: 'marker damaged' }, 'crash');
    await writeFile(runMarkerPath(stateDir), '{"schema": "balloon-lab/run-marker@1", "pid": ');
    expect(await new RecoveryStore({ stateDir }).checkAtStartup()).toMatchObject({
      available: true,
      name: 'marker damaged',
    });
  });

  it('does not offer a damaged recovery file and leaves it untouched until discarded', async () => {
    await mkdir(stateDir, { recursive: true });
    await writeFile(recoveryPath(stateDir), '{"schema": "balloon-lab/session@1", "tick": 1e400}');
    const hash = async () =>
      createHash('sha256')
        .update(await readFile(recoveryPath(stateDir)))
        .digest('hex');
    const before = await hash();
    const store = new RecoveryStore({ stateDir });
    const offered = await store.checkAtStartup();
    expect(offered.available).toBe(false);
    expect(offered.reason).toMatch(
      /recovery file .* cannot be opened: Refused: .*tick: number is not finite/s,
    );
    expect(await store.recover()).toBeNull();
    expect(await hash()).toBe(before);
    await store.discard();
    expect(await readdir(stateDir)).not.toContain('recovery.balloonlab');
  });

  it('cleans up temp files that a killed autosave left behind', async () => {
    await run(sampleSession(), 'crash');
    const litter = `.autosave.balloonlab.999999999.0123456789ab.tmp`;
    await writeFile(join(stateDir, litter), '{"schema": "balloon-lab/sess');
    await new RecoveryStore({ stateDir }).checkAtStartup();
    const names = await readdir(stateDir);
    expect(names).not.toContain(litter);
    expect(names).toContain('recovery.balloonlab');
    expect(names).not.toContain('autosave.balloonlab');
    expect(autosavePath(stateDir)).toBe(join(stateDir, 'autosave.balloonlab'));
  });
});
