import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFilesIn, writeFileAtomic } from '../../../../electron/services/files/atomic-file';
import { containedRealPath } from '../../../../electron/services/files/contained-path';
import { exportCsv } from '../../../../electron/services/export/csv-export';
import { LabError } from '../../../../electron/services/lab/lab-error';
import { readTextFileCapped } from '../../../../electron/services/files/bounded-read';

let root: string;
let data: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-contained-'));
  data = join(root, 'data');
  outside = join(root, 'outside');
  await mkdir(data);
  await mkdir(outside);
  await writeFile(join(outside, 'victim.balloonlab'), 'ORIGINAL');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refused(promise: Promise<unknown>): Promise<LabError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LabError);
  expect((error as LabError).code).toBe('refused');
  expect((error as LabError).message).toMatch(/leads outside the folder .* \(through a symbolic link\)/);
  return error as LabError;
}

/** Every kind of link a user or a program could leave in the data folder. */
async function plantLinks(): Promise<void> {
  await symlink(join(outside, 'victim.balloonlab'), join(data, 'to-file.balloonlab'));
  await symlink(join(outside, 'missing.balloonlab'), join(data, 'dangling.balloonlab'));
  await symlink(outside, join(data, 'to-folder'));
  await symlink('../outside/victim.balloonlab', join(data, 'relative.balloonlab'));
  await writeFile(join(data, 'real.balloonlab'), 'INSIDE');
  await symlink(join(data, 'real.balloonlab'), join(data, 'inside.balloonlab'));
}

async function outsideUntouched(): Promise<void> {
  expect(await readdir(outside)).toEqual(['victim.balloonlab']);
  expect(await readFile(join(outside, 'victim.balloonlab'), 'utf8')).toBe('ORIGINAL');
}

describe('files confined to the data folder', () => {
  it('resolves links that stay inside and refuses each kind that leads out', async () => {
    await plantLinks();
    expect(await containedRealPath(data, 'inside.balloonlab')).toBe(join(data, 'real.balloonlab'));
    expect(await containedRealPath(data, 'new/deeper/file.csv')).toBe(
      join(data, 'new', 'deeper', 'file.csv'),
    );
    for (const name of [
      'to-file.balloonlab',
      'dangling.balloonlab',
      'relative.balloonlab',
      'to-folder/x.csv',
      'to-folder/new/x.csv',
      '../outside/victim.balloonlab',
    ])
      await refused(containedRealPath(data, name));
  });

  it('never saves through a link out of the folder, nor its backup', async () => {
    await plantLinks();
    for (const name of [
      'to-file.balloonlab',
      'dangling.balloonlab',
      'relative.balloonlab',
      'to-folder/s.balloonlab',
    ])
      await refused(
        writeFileAtomic(join(data, name), 'EVIL', { within: data, backupPath: join(data, `${name}.bak`) }),
      );
    await writeFile(join(data, 'ok.balloonlab'), 'old');
    await symlink(join(outside, 'victim.balloonlab'), join(data, 'ok.balloonlab.bak'));
    await refused(
      writeFileAtomic(join(data, 'ok.balloonlab'), 'new', {
        within: data,
        backupPath: join(data, 'ok.balloonlab.bak'),
      }),
    );
    await outsideUntouched();
    // A link that stays inside is saved through, as without confinement.
    await writeFileAtomic(join(data, 'inside.balloonlab'), 'UPDATED', { within: data });
    expect(await readFile(join(data, 'real.balloonlab'), 'utf8')).toBe('UPDATED');
    expect((await readdir(data)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('never reads through a link out of the folder, and refuses a FIFO without waiting on it', async () => {
    await plantLinks();
    for (const name of ['to-file.balloonlab', 'relative.balloonlab', 'to-folder/victim.balloonlab'])
      await refused(readTextFileCapped(join(data, name), 1024, data));
    expect(await readTextFileCapped(join(data, 'inside.balloonlab'), 1024, data)).toBe('INSIDE');
    execFileSync('mkfifo', [join(data, 'pipe.balloonlab')]);
    await expect(readTextFileCapped(join(data, 'pipe.balloonlab'), 1024, data)).rejects.toThrow(
      /not a regular file/,
    );
  });

  it('never exports into a folder that a link leads out of', async () => {
    await mkdir(join(data, 'exports'));
    await symlink(outside, join(data, 'exports', 'linked'));
    const tables = { host: { rows: [['0']], rowCount: 1 } };
    await refused(exportCsv({ folder: join(data, 'exports', 'linked'), within: data, tables }));
    await refused(exportCsv({ folder: join(data, 'exports', 'linked', 'sub'), within: data, tables }));
    await rm(join(data, 'exports'), { recursive: true });
    await symlink(outside, join(data, 'exports'));
    await refused(exportCsv({ folder: join(data, 'exports', 'run1'), within: data, tables }));
    await outsideUntouched();
  });

  it('removes temp files of killed saves at start-up, and nothing else', async () => {
    const dead = 2 ** 22 + 12_345; // above any pid_max a test machine uses
    const stale = [
      `.lab.balloonlab.${dead}.0123456789ab.tmp`,
      `.lab.balloonlab.bak.${dead}.0123456789ab.tmp`,
    ];
    const kept = [
      `.lab.balloonlab.${process.pid}.0123456789ab.tmp`,
      'lab.balloonlab',
      '.notes.tmp',
      `lab.${dead}.0123456789ab.tmp`,
    ];
    for (const name of [...stale, ...kept]) await writeFile(join(data, name), 'x');
    await mkdir(join(data, `.dir.balloonlab.${dead}.0123456789ab.tmp`));
    expect(await removeStaleTempFilesIn(data)).toBe(2);
    expect((await readdir(data)).sort()).toEqual(
      [...kept, `.dir.balloonlab.${dead}.0123456789ab.tmp`].sort(),
    );
    expect(await removeStaleTempFilesIn(join(data, 'missing'))).toBe(0);
  });
});
