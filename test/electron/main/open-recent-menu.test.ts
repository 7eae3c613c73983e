import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenRecentMenu } from '../../../electron/main/open-recent-menu';
import { RecentSessionStore } from '../../../electron/services/session/recent-session-store';

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recent-'));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('OpenRecentMenu', () => {
  it('shows what the LabHost recorded, adds each new file to the OS list once, and clears both', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.balloonlab');
    const b = join(dir, 'b.balloonlab');
    writeFileSync(a, '{}');
    writeFileSync(b, '{}');
    const os: string[] = [];
    const lists: string[][] = [];
    // The LabHost records saves and opens in this list (electron/services/lab/lab-files.ts).
    const store = new RecentSessionStore({ stateDir: dir });
    const recent = new OpenRecentMenu({
      store,
      addToOs: (p) => void os.push(p),
      clearOs: () => void (os.length = 0),
      onChange: (paths) => void lists.push(paths),
    });
    await store.add(a, 'a');
    await recent.note({ name: 'a', location: a, dirty: false });
    await recent.note({ name: 'a', location: a, dirty: false });
    await store.add(b, 'b');
    await recent.note({ name: 'b', location: b, dirty: false });
    await recent.note({ name: 'unsaved', location: null, dirty: true });
    expect(os).toEqual([a, b]);
    expect(lists.at(-1)).toEqual([b, a]);
    await recent.clear();
    expect(lists.at(-1)).toEqual([]);
    expect(os).toEqual([]);
    await expect(recent.refresh()).resolves.toEqual([]);
  });
});
