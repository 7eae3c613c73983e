import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useExportStore } from '../../../renderer/src/stores/export-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
beforeEach(() => {
  ({ fake } = installFakeLab());
});
afterEach(() => setLabApi(null));

describe('export store', () => {
  it('follows an export from start to done', async () => {
    const exporter = useExportStore();
    expect(await exporter.start({ fromS: 0, toS: 60, files: ['vms'] })).toBe(true);
    expect(exporter.running).toBe(true);
    exporter.onProgress({
      exportId: 'export-1',
      rowsWritten: 50,
      rowsTotal: 200,
      done: false,
      cancelled: false,
    });
    expect(exporter.fraction).toBe(0.25);
    exporter.onProgress({
      exportId: 'other',
      rowsWritten: 200,
      rowsTotal: 200,
      done: true,
      cancelled: false,
    });
    expect(exporter.running).toBe(true);
    exporter.onProgress({
      exportId: 'export-1',
      rowsWritten: 200,
      rowsTotal: 200,
      done: true,
      cancelled: false,
    });
    expect(exporter.running).toBe(false);
    expect(useNoticeStore().notices.at(-1)?.message).toBe('Exported 200 rows to exports/run-1');
  });

  it('cancels the running export by id', async () => {
    const exporter = useExportStore();
    await exporter.start({});
    await exporter.cancel();
    expect(fake.callsOf('cancelExport')).toEqual([{ exportId: 'export-1' }]);
  });

  it('reports a refused export and a cancelled folder dialog', async () => {
    const exporter = useExportStore();
    fake.handle('exportCsv', () => null);
    expect(await exporter.start({})).toBe(false);
    expect(exporter.job).toBeNull();
    fake.handle('exportCsv', () => Promise.reject({ code: 'io', message: 'disk full' }));
    expect(await exporter.start({})).toBe(false);
    expect(useNoticeStore().notices.at(-1)).toMatchObject({
      level: 'error',
      message: 'Export failed: disk full',
    });
  });
});
