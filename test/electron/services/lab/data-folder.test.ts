import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkSessionPath,
  exportPathInDataDir,
  listExportsInDataDir,
  listSessionsInDataDir,
  sessionPathInDataDir,
  toSafeName,
} from '../../../../electron/services/lab/data-folder';
import { LabError } from '../../../../electron/services/lab/lab-error';

describe('data folder names', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bl-data-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps sessions directly inside the data folder, as .balloonlab files', () => {
    expect(sessionPathInDataDir(dir, 'my lab')).toEqual({
      path: join(dir, 'my lab.balloonlab'),
      fileName: 'my lab.balloonlab',
    });
    expect(sessionPathInDataDir(dir, 'run-2.balloonlab').fileName).toBe('run-2.balloonlab');
    for (const bad of [
      '../x',
      '..',
      '/etc/passwd',
      'a/b',
      'a\\b',
      '.hidden',
      '',
      'x\0y',
      '..balloonlab',
      'C:\\x',
    ]) {
      expect(() => sessionPathInDataDir(dir, bad), bad).toThrow(LabError);
    }
  });

  it('keeps exports inside dataDir/exports', () => {
    expect(exportPathInDataDir(dir, 'basics-t60').path).toBe(join(dir, 'exports', 'basics-t60'));
    expect(() => exportPathInDataDir(dir, '../../etc')).toThrow(LabError);
  });

  it('turns free text into a safe name', () => {
    expect(toSafeName('Basics: ballooning on a 16 GiB host')).toBe('Basics- ballooning on a 16 GiB host');
    expect(toSafeName('../../x')).toBe('x');
    expect(toSafeName('***')).toBe('session');
    expect(() => sessionPathInDataDir(dir, toSafeName('a/b\\c:d*e?'))).not.toThrow();
  });

  it('Electron paths must be absolute .balloonlab files', () => {
    expect(checkSessionPath('/home/u/lab.balloonlab')).toBe('/home/u/lab.balloonlab');
    expect(() => checkSessionPath('lab.balloonlab')).toThrow(LabError);
    expect(() => checkSessionPath('/etc/passwd')).toThrow(LabError);
  });

  it('lists sessions and export files of the data folder', async () => {
    await writeFile(join(dir, 'a.balloonlab'), '{}');
    await writeFile(join(dir, 'a.balloonlab.bak'), '{}');
    await writeFile(join(dir, 'notes.txt'), 'x');
    await mkdir(join(dir, 'exports', 'run1'), { recursive: true });
    await writeFile(join(dir, 'exports', 'run1', 'host.csv'), 'time_s\n');
    expect((await listSessionsInDataDir(dir)).map((e) => [e.name, e.location, e.sizeBytes])).toEqual([
      ['a', 'a.balloonlab', 2],
    ]);
    expect((await listExportsInDataDir(dir)).map((e) => e.location)).toEqual(['run1/host.csv']);
  });
});
