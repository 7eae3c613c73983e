import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RecentSessionStore,
  recentSessionsFileName,
} from '../../../../electron/services/session/recent-session-store';
import { FakeClock } from '../fake-clock';

let dir: string;
let clock: FakeClock;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-recent-'));
  clock = new FakeClock();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function session(name: string): Promise<string> {
  const path = join(dir, `${name}.balloonlab`);
  await writeFile(path, '{}');
  return path;
}

describe('RecentSessionStore', () => {
  it('lists the most recent first, moves a reopened session to the top, keeps at most 10', async () => {
    const list = new RecentSessionStore({ stateDir: join(dir, 'state'), clock });
    const paths: string[] = [];
    for (let i = 0; i < 12; i++) {
      paths.push(await session(`lab-${i}`));
      await list.add(paths[i]!, `Lab ${i}`);
      clock.advance(1000);
    }
    await list.add(paths[5]!, 'Lab 5 renamed');
    const entries = await list.list();
    expect(entries.map((e) => e.name)).toEqual([
      'Lab 5 renamed',
      'Lab 11',
      'Lab 10',
      'Lab 9',
      'Lab 8',
      'Lab 7',
      'Lab 6',
      'Lab 4',
      'Lab 3',
      'Lab 2',
    ]);
    expect(entries[0]).toEqual({
      path: paths[5],
      name: 'Lab 5 renamed',
      openedIso: '2026-02-11T09:00:12.000Z',
    });
    // Persisted: a new instance (next app start) sees the same list.
    expect(await new RecentSessionStore({ stateDir: join(dir, 'state') }).list()).toEqual(entries);
  });

  it('prunes sessions that no longer exist, and saves the pruned list', async () => {
    const stateDir = join(dir, 'state');
    const list = new RecentSessionStore({ stateDir, clock });
    const a = await session('a');
    const b = await session('b');
    await list.add(a, 'A');
    await list.add(b, 'B');
    await unlink(a);
    expect((await list.list()).map((e) => e.name)).toEqual(['B']);
    const onDisk = JSON.parse(await readFile(join(stateDir, recentSessionsFileName), 'utf8')) as {
      entries: unknown[];
    };
    expect(onDisk.entries).toHaveLength(1);
  });

  it('stores absolute paths and removes entries', async () => {
    const list = new RecentSessionStore({ stateDir: dir, clock, fileExists: async () => true });
    await list.add('relative/lab.balloonlab', 'Rel');
    const [entry] = await list.list();
    expect(entry!.path).toBe(join(process.cwd(), 'relative/lab.balloonlab'));
    expect(await list.remove('relative/lab.balloonlab')).toEqual([]);
    await list.add('/x/y.balloonlab', 'Y');
    await list.clear();
    expect(await list.list()).toEqual([]);
  });

  it('treats an unreadable or hostile list file as empty and replaces it on the next change', async () => {
    const file = join(dir, recentSessionsFileName);
    for (const content of [
      '{"schema": "balloon-lab/recent@1", "entries": [',
      '{"__proto__": {"polluted": 1}, "schema": "balloon-lab/recent@1", "entries": []}',
      '[]',
    ]) {
      await writeFile(file, content);
      const list = new RecentSessionStore({ stateDir: dir, clock, fileExists: async () => true });
      expect(await list.list()).toEqual([]);
      await list.add('/labs/a.balloonlab', 'A');
      expect((await list.list()).map((e) => e.name)).toEqual(['A']);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('loses no update when changes overlap', async () => {
    const list = new RecentSessionStore({ stateDir: dir, clock, fileExists: async () => true });
    await Promise.all(Array.from({ length: 15 }, (_, i) => list.add(`/labs/${i}.balloonlab`, `L${i}`)));
    expect((await list.list()).map((e) => e.name)).toEqual([
      'L14',
      'L13',
      'L12',
      'L11',
      'L10',
      'L9',
      'L8',
      'L7',
      'L6',
      'L5',
    ]);
  });
});
