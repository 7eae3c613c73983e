import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTraceWithDialog } from '../../../../electron/services/import/lab-trace-import';
import { importTracePath, traceFilesOf } from '../../../../electron/services/import/read-trace-files';
import type { FileChooser } from '../../../../electron/services/lab/lab-service-types';

const csv = 'time_s,vm,memory_mib,demand_mib,active_pct\n0,a,1024,300,20\n10,a,1024,400,20\n';

function chooser(answer: string[] | null): FileChooser {
  return {
    chooseSessionToOpen: async () => null,
    chooseSessionSavePath: async () => null,
    chooseExportFolder: async () => null,
    chooseTraceToImport: async () => answer,
  };
}

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-trace-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Import Trace in the desktop lab', () => {
  it('imports the file picked in the dialog and returns the scenario with its summary', async () => {
    await writeFile(join(dir, 'mine.csv'), csv);
    const imported = await importTraceWithDialog(chooser([join(dir, 'mine.csv')]), { hostMiB: 2048 });
    expect(imported?.source).toBe('mine.csv');
    expect(imported?.scenario.name).toBe('Imported mine.csv');
    expect(imported?.scenario.host.memoryMiB).toBe(2048);
    expect(imported?.summary.vms.map((v) => v.id)).toEqual(['a']);
  });

  it('a cancelled dialog imports nothing; a bad file is refused in words; no dialogs, no import', async () => {
    expect(await importTraceWithDialog(chooser(null), {})).toBeNull();
    await writeFile(join(dir, 'bad.csv'), 'time_s,vm,memory_mib,demand_mib\n0,a,1024,lots\n');
    await expect(importTraceWithDialog(chooser([join(dir, 'bad.csv')]), {})).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(
        /^bad\.csv cannot be imported: bad\.csv, line 2, column 4: demand is not a number/,
      ),
    });
    await expect(importTraceWithDialog(null, {})).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('trace files on disk', () => {
  it('a folder gives its visible files in natural order; an empty folder is refused', async () => {
    const folder = join(dir, 'traces');
    await mkdir(folder);
    for (const name of ['10.csv', '2.csv', '1.csv', '.hidden']) await writeFile(join(folder, name), 'x');
    expect((await traceFilesOf(folder)).map((f) => f.path.slice(folder.length + 1))).toEqual([
      '1.csv',
      '2.csv',
      '10.csv',
    ]);
    await mkdir(join(dir, 'empty'));
    await expect(traceFilesOf(join(dir, 'empty'))).rejects.toThrow(/the folder holds no files/);
    await expect(importTracePath(join(dir, 'missing.csv'))).rejects.toThrow(
      /missing\.csv: there is no such file or folder/,
    );
  });
});
