import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { comparisonSchemaId, type ComparisonDocument } from '../../../../core/experiment/comparison-file';
import { sessionSchemaId } from '../../../../core/session/session-schema';
import { ComparisonFiles } from '../../../../electron/services/compare/comparison-files';
import { presetScenario } from '../../../../electron/services/lab/lab-scenarios';
import type { LabHostOptions } from '../../../../electron/services/lab/lab-service-types';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bl-compare-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function desktop(chosen: string | null): LabHostOptions {
  return {
    transport: 'electron',
    stateDir: join(root, 'state'),
    dataDir: null,
    appVersion: 'test',
    workerPath: '',
    fileChooser: {
      chooseSessionToOpen: async () => null,
      chooseSessionSavePath: async () => null,
      chooseExportFolder: async () => null,
      chooseComparisonToOpen: async () => chosen,
      chooseComparisonSavePath: async () => chosen,
    },
  };
}

const doc: ComparisonDocument = {
  schema: comparisonSchemaId,
  savedIso: '2026-12-06T05:00:00.000Z',
  name: 'two',
  runs: [
    {
      label: 'basics',
      session: {
        schema: sessionSchemaId,
        savedIso: '2026-12-06T05:00:00.000Z',
        app: { version: 'test', engineVersion: '' },
        name: 'basics',
        scenario: presetScenario('basics'),
        interventions: [],
        tick: 0,
        stateDigest: '',
        uiState: {},
      },
    },
  ],
};

describe('comparison files on the desktop', () => {
  it('saves where the dialog says (extension added), atomically with a backup, and opens it again', async () => {
    const files = new ComparisonFiles(desktop(join(root, 'mine')));
    const saved = await files.save(doc, undefined);
    expect(saved).toEqual({ name: 'two', location: join(root, 'mine.balloonlab-compare') });
    await files.save(doc, saved!.location);
    expect((await readdir(root)).sort()).toEqual(['mine.balloonlab-compare', 'mine.balloonlab-compare.bak']);
    const opened = await files.open(saved!.location);
    expect(opened?.doc.runs[0]?.session.scenario).toEqual(doc.runs[0]!.session.scenario);
  });

  it('refuses relative paths, other extensions and broken files; a cancelled dialog is null', async () => {
    const files = new ComparisonFiles(desktop(null));
    await expect(files.open(undefined)).resolves.toBeNull();
    await expect(files.save(doc, undefined)).resolves.toBeNull();
    await expect(files.open('mine.balloonlab-compare')).rejects.toMatchObject({ code: 'refused' });
    await expect(files.open(join(root, 'x.balloonlab'))).rejects.toMatchObject({ code: 'refused' });
    await expect(files.open(join(root, 'none.balloonlab-compare'))).rejects.toMatchObject({
      code: 'not-found',
    });
    const broken = join(root, 'broken.balloonlab-compare');
    await writeFile(broken, '{"schema": "balloon-lab/session@1"}');
    await expect(files.open(broken)).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/Not a Balloon Lab comparison/),
    });
    const huge = join(root, 'huge.balloonlab-compare');
    await writeFile(huge, `{"schema": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    await expect(files.open(huge)).rejects.toMatchObject({ code: 'refused' });
  });
});
