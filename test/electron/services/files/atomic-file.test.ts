import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../../electron/services/files/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that certainly belongs to no running process: one that just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('writeFileAtomic', () => {
  it('runs concurrent writes to one path one after another: the last call wins, no temp files remain', async () => {
    const path = join(dir, 'state.json');
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        writeFileAtomic(path, `version ${i}\n`.repeat(1000 + i), { backupPath: `${path}.bak` }),
      ),
    );
    expect(await readFile(path, 'utf8')).toBe('version 24\n'.repeat(1024));
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('version 23\n'.repeat(1023));
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.bak']);
  });

  it('fails without leaving a temp file when the target cannot be replaced', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(/not a regular file/);
    await expect(writeFileAtomic(join(dir, 'missing-folder', 'f'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('writes through a symlink to the file it points to', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    await writeFile(real, 'old');
    await symlink(real, link);
    await writeFileAtomic(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('new');
  });

  it('removes temp files of dead writers but not those of live ones', async () => {
    const path = join(dir, 'autosave.balloonlab');
    const dead = deadPid();
    const stale = [
      `.autosave.balloonlab.${dead}.0123456789ab.tmp`,
      `.autosave.balloonlab.bak.${dead}.ba9876543210.tmp`,
    ];
    const live = `.autosave.balloonlab.${process.pid}.aaaaaaaaaaaa.tmp`;
    const unrelated = [`.other.${dead}.0123456789ab.tmp`, 'notes.txt'];
    for (const name of [...stale, live, ...unrelated]) await writeFile(join(dir, name), 'partial');
    expect(await removeStaleTempFiles(path)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual([live, ...unrelated].sort());
  });
});
