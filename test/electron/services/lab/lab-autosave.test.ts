import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autosavePath } from '../../../../electron/services/session/autosave';
import { readSessionFile } from '../../../../electron/services/session/session-file';
import { startLab, type Lab } from './lab-harness';

let labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.map((lab) => lab.close()));
  labs = [];
});

async function autosaveOf(lab: Lab): Promise<{ tick: number } | null> {
  const path = autosavePath(join(lab.root, 'state'));
  const found = await stat(path).then(
    () => true,
    () => false,
  );
  return found ? readSessionFile(path) : null;
}

describe('the lab autosave', () => {
  it('keeps a copy only while the session holds work its file does not', async () => {
    const lab = await startLab();
    labs = [lab];
    // The preset untouched: nothing to lose.
    expect(await lab.rt.autosaveNow()).toBe(false);
    expect(await autosaveOf(lab)).toBeNull();
    await lab.api.step({ ticks: 5 });
    expect(await lab.rt.autosaveNow()).toBe(true);
    expect(await autosaveOf(lab)).toMatchObject({ tick: 5 });
    // Unchanged since: nothing is taken or written again.
    const written = await stat(autosavePath(join(lab.root, 'state')));
    const digests = vi.spyOn(lab.rt, 'currentDocument');
    expect(await lab.rt.autosaveNow()).toBe(false);
    expect(digests).not.toHaveBeenCalled();
    expect((await stat(autosavePath(join(lab.root, 'state')))).mtimeMs).toBe(written.mtimeMs);
    // Saved: the file holds it all, and the copy goes.
    await lab.api.saveSession({ target: 'kept', saveAs: true });
    expect(await lab.rt.autosaveNow()).toBe(false);
    expect(await autosaveOf(lab)).toBeNull();
    await lab.api.step({ ticks: 3 });
    expect(await lab.rt.autosaveNow()).toBe(true);
    expect(await autosaveOf(lab)).toMatchObject({ tick: 8 });
    // Opened from its file (here after a jump back in it): no copy of tens of MiB is written.
    await lab.api.newSession({ presetId: 'basics' });
    await lab.api.openSession({ target: 'kept' });
    await lab.api.viewAt({ tick: 2 });
    expect(await lab.rt.autosaveNow()).toBe(false);
    expect(await autosaveOf(lab)).toBeNull();
    await lab.api.returnToHead({});
    await lab.api.applyIntervention({ intervention: { vm: 'db1', set: { shares: 'low' } } });
    expect(await lab.rt.autosaveNow()).toBe(true);
    expect(await autosaveOf(lab)).toMatchObject({ tick: 5, interventions: [{ tick: 5 }] });
  });
});
