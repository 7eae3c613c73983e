import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDialogFileChooser, sessionFileName } from '../../../electron/main/dialog-file-chooser';

function fakeDialog() {
  const calls: Array<{ kind: string; parent: boolean; options: Record<string, unknown> }> = [];
  const d = {
    calls,
    openResult: { canceled: false, filePaths: ['/data/run.balloonlab'] },
    saveResult: { canceled: false, filePath: '/data/run' } as { canceled: boolean; filePath?: string },
    showOpenDialog: async (...args: unknown[]) => {
      calls.push({
        kind: 'open',
        parent: args.length === 2,
        options: args.at(-1) as Record<string, unknown>,
      });
      return d.openResult;
    },
    showSaveDialog: async (...args: unknown[]) => {
      calls.push({
        kind: 'save',
        parent: args.length === 2,
        options: args.at(-1) as Record<string, unknown>,
      });
      return d.saveResult;
    },
  };
  return d;
}

const window = { isDestroyed: () => false };

describe('createDialogFileChooser', () => {
  it('returns the chosen session and null when cancelled', async () => {
    const d = fakeDialog();
    const chooser = createDialogFileChooser(d as never, () => window as never, '/home/me/Documents');
    await expect(chooser.chooseSessionToOpen()).resolves.toBe('/data/run.balloonlab');
    d.openResult = { canceled: true, filePaths: [] };
    await expect(chooser.chooseSessionToOpen()).resolves.toBeNull();
    expect(d.calls[0]).toMatchObject({ parent: true, options: { properties: ['openFile'] } });
  });

  it('proposes a file name from the session name and makes sure it ends in .balloonlab', async () => {
    const d = fakeDialog();
    const chooser = createDialogFileChooser(d as never, () => null, '/home/me/Documents');
    await expect(chooser.chooseSessionSavePath('Boot storm: 2x')).resolves.toBe('/data/run.balloonlab');
    expect(d.calls[0]).toMatchObject({
      parent: false,
      options: { defaultPath: '/home/me/Documents/Boot storm 2x.balloonlab' },
    });
    d.saveResult = { canceled: false, filePath: '/data/Run.BALLOONLAB' };
    await expect(chooser.chooseSessionSavePath('x')).resolves.toBe('/data/Run.BALLOONLAB');
    d.saveResult = { canceled: true, filePath: '' };
    await expect(chooser.chooseSessionSavePath('x')).resolves.toBeNull();
  });

  it('opens and saves comparisons with their own file type', async () => {
    const d = fakeDialog();
    const chooser = createDialogFileChooser(d as never, () => window as never, '/home/me/Documents');
    d.openResult = { canceled: false, filePaths: ['/data/policies.balloonlab-compare'] };
    await expect(chooser.chooseComparisonToOpen?.()).resolves.toBe('/data/policies.balloonlab-compare');
    await expect(chooser.chooseComparisonSavePath?.('policies.balloonlab-compare')).resolves.toBe(
      '/data/run',
    );
    expect(d.calls[1]).toMatchObject({
      kind: 'save',
      options: {
        defaultPath: '/home/me/Documents/policies.balloonlab-compare',
        filters: [{ extensions: ['balloonlab-compare'] }, { extensions: ['*'] }],
      },
    });
    d.openResult = { canceled: true, filePaths: [] };
    await expect(chooser.chooseComparisonToOpen?.()).resolves.toBeNull();
  });

  it('opens and saves sweep files as JSON', async () => {
    const d = fakeDialog();
    const chooser = createDialogFileChooser(d as never, () => window as never, '/home/me/Documents');
    d.openResult = { canceled: false, filePaths: ['/data/tax.sweep.json'] };
    await expect(chooser.chooseSweepToOpen?.()).resolves.toBe('/data/tax.sweep.json');
    await expect(chooser.chooseSweepSavePath?.('tax.sweep.json')).resolves.toBe('/data/run');
    expect(d.calls[1]).toMatchObject({
      kind: 'save',
      options: {
        defaultPath: '/home/me/Documents/tax.sweep.json',
        filters: [{ extensions: ['json'] }, { extensions: ['*'] }],
      },
    });
    d.openResult = { canceled: true, filePaths: [] };
    await expect(chooser.chooseSweepToOpen?.()).resolves.toBeNull();
  });

  it('chooses an export folder', async () => {
    const d = fakeDialog();
    d.openResult = { canceled: false, filePaths: ['/data/exports'] };
    const chooser = createDialogFileChooser(d as never, () => window as never, '/home/me/Documents');
    await expect(chooser.chooseExportFolder()).resolves.toBe('/data/exports');
    expect(d.calls[0]?.options.properties).toContain('openDirectory');
  });
});

describe('sessionFileName', () => {
  it('is always a plain file name ending in .balloonlab', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const file = sessionFileName(name);
        expect(file.endsWith('.balloonlab')).toBe(true);
        expect(file).not.toMatch(/[\\/:*?"<>|\u0000-\u001f]/);
        expect(file.startsWith('.')).toBe(false);
        expect(file.length).toBeLessThanOrEqual(130);
      }),
    );
    expect(sessionFileName('../../etc/passwd')).toBe('etc passwd.balloonlab');
    expect(sessionFileName('   ')).toBe('session.balloonlab');
    expect(sessionFileName('nul')).toBe('nul_.balloonlab');
    expect(sessionFileName('farm.balloonlab')).toBe('farm.balloonlab');
    expect(sessionFileName('farm. ')).toBe('farm.balloonlab');
  });
});
