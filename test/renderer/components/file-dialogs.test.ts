import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import ExportDialog from '../../../renderer/src/components/dialogs/export-dialog.vue';
import OpenSessionDialog from '../../../renderer/src/components/dialogs/open-session-dialog.vue';
import SaveAsDialog from '../../../renderer/src/components/dialogs/save-as-dialog.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  fake.state.session.name = 'Basics: a 16 GiB host';
  await useLabStore().init();
  await useLabStore().step(120);
});
afterEach(() => setLabApi(null));

describe('file dialogs on the bridge', () => {
  it('saves under a name the data folder accepts', async () => {
    const w = mount(SaveAsDialog, { global: { plugins: [pinia] } });
    const input = w.find('#save-as-name');
    expect((input.element as HTMLInputElement).value).toBe('Basics - a 16 GiB host');
    await input.setValue('../escape');
    expect(w.find('.problem').text()).toMatch(/starting with a letter or digit/);
    expect(w.find('button.primary').attributes('disabled')).toBeDefined();
    await input.setValue('lesson 3');
    await w.find('button.primary').trigger('click');
    await flushPromises();
    expect(fake.callsOf('saveSession')).toMatchObject([{ saveAs: true, target: 'lesson 3' }]);
    expect(w.emitted('close')).toHaveLength(1);
  });

  it('lists saved sessions newest first and opens the chosen one', async () => {
    fake.sessions = [
      { name: 'old', location: 'old.balloonlab', sizeBytes: 2048, modifiedIso: '2026-01-01T10:00:00Z' },
      { name: 'new', location: 'new.balloonlab', sizeBytes: 4096, modifiedIso: '2026-03-01T10:00:00Z' },
    ];
    const w = mount(OpenSessionDialog, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(w.findAll('tbody tr').map((r) => r.find('td').text())).toEqual(['new', 'old']);
    await w.findAll('tbody tr')[1]!.trigger('dblclick');
    await flushPromises();
    expect(fake.callsOf('openSession')).toEqual([{ target: 'old.balloonlab' }]);
    expect(w.emitted('close')).toHaveLength(1);
  });

  it('exports a range, shows progress and lists the files written', async () => {
    fake.handle('listExports', () => [
      {
        name: 'host.csv',
        location: 'exports/run-1/host.csv',
        sizeBytes: 1200,
        modifiedIso: '2026-03-01T10:00:00Z',
      },
      {
        name: 'other.csv',
        location: 'exports/run-0/other.csv',
        sizeBytes: 10,
        modifiedIso: '2026-03-01T09:00:00Z',
      },
    ]);
    const w = mount(ExportDialog, { global: { plugins: [pinia] } });
    expect((w.find('#export-to').element as HTMLInputElement).value).toBe('120');
    expect((w.find('#export-name').element as HTMLInputElement).value).toBe('Basics - a 16 GiB host-120s');
    await w.find('#export-from').setValue('200');
    expect(w.find('.problem').text()).toBe('"From" must not be after "to".');
    await w.find('#export-from').setValue('30');
    await w.find('input[value="log"]').setValue(false);
    await w.find('button.primary').trigger('click');
    await flushPromises();
    expect(fake.callsOf('exportCsv')).toEqual([
      { fromS: 30, toS: 120, files: ['host', 'vms'], target: 'Basics - a 16 GiB host-120s' },
    ]);
    fake.emit('exportProgress', {
      exportId: 'export-1',
      rowsWritten: 30,
      rowsTotal: 120,
      done: false,
      cancelled: false,
    });
    await flushPromises();
    expect(w.find('progress').attributes('value')).toBe('25');
    expect(w.text()).toContain('Cancel export');
    fake.emit('exportProgress', {
      exportId: 'export-1',
      rowsWritten: 120,
      rowsTotal: 120,
      done: true,
      cancelled: false,
    });
    await flushPromises();
    expect(w.findAll('.files li').map((l) => l.text())).toEqual(['host.csv 1.2 KiB']);
  });

  it('shows the full export folder and offers each file as a download with the token', async () => {
    window.history.replaceState(null, '', '/?token=abc123');
    fake.handle('exportCsv', () => ({ exportId: 'export-1', location: 'run 1' }));
    fake.handle('listExports', () => [
      {
        name: 'run 1/host.csv',
        location: 'run 1/host.csv',
        sizeBytes: 10,
        modifiedIso: '2026-03-01T10:00:00Z',
      },
      {
        name: 'run 1/vms.csv',
        location: 'run 1/vms.csv',
        sizeBytes: 20,
        modifiedIso: '2026-03-01T10:00:00Z',
      },
      {
        name: 'run 10/log.csv',
        location: 'run 10/log.csv',
        sizeBytes: 5,
        modifiedIso: '2026-03-01T09:00:00Z',
      },
    ]);
    const w = mount(ExportDialog, { global: { plugins: [pinia] } });
    await w.find('button.primary').trigger('click');
    await flushPromises();
    fake.emit('exportProgress', {
      exportId: 'export-1',
      rowsWritten: 9,
      rowsTotal: 9,
      done: true,
      cancelled: false,
    });
    await flushPromises();
    expect(w.find('[data-testid="export-folder"]').text()).toBe('/data/exports/run 1');
    const links = w.findAll('.files a');
    expect(links.map((a) => a.attributes('href'))).toEqual([
      '/exports/run%201/host.csv?token=abc123',
      '/exports/run%201/vms.csv?token=abc123',
    ]);
    expect(links.map((a) => a.attributes('download'))).toEqual(['host.csv', 'vms.csv']);
    window.history.replaceState(null, '', '/');
  });

  it('lists the files without links when the page has no token', async () => {
    window.history.replaceState(null, '', '/');
    window.sessionStorage.clear();
    fake.handle('listExports', () => [
      {
        name: 'run-1/host.csv',
        location: 'run-1/host.csv',
        sizeBytes: 10,
        modifiedIso: '2026-03-01T10:00:00Z',
      },
    ]);
    const w = mount(ExportDialog, { global: { plugins: [pinia] } });
    await w.find('button.primary').trigger('click');
    await flushPromises();
    fake.emit('exportProgress', {
      exportId: 'export-1',
      rowsWritten: 1,
      rowsTotal: 1,
      done: true,
      cancelled: false,
    });
    await flushPromises();
    expect(w.findAll('.files a')).toHaveLength(0);
    expect(w.find('.files li').text()).toContain('run-1/host.csv');
  });
});
