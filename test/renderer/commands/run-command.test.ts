import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { resetCommandEchoes, runCommand } from '../../../renderer/src/commands/run-command';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
beforeEach(() => {
  ({ fake } = installFakeLab());
  resetCommandEchoes();
});
afterEach(() => setLabApi(null));

describe('commands', () => {
  it('opens the dialogs the bridge needs', async () => {
    await useLabStore().init();
    const ui = useUiStore();
    runCommand('open');
    expect(ui.dialog).toBe('open');
    runCommand('save');
    expect(ui.dialog).toBe('save-as');
    runCommand('new');
    expect(ui.dialog).toBe('new');
    expect(fake.callsOf('openSession')).toEqual([]);
  });

  it('leaves file choice to native dialogs in Electron', async () => {
    fake.transport = 'electron';
    await useLabStore().init();
    runCommand('open');
    runCommand('save');
    await flushPromises();
    expect(fake.callsOf('openSession')).toEqual([{}]);
    expect(fake.callsOf('saveSession')).toHaveLength(1);
    expect(useUiStore().dialog).toBeNull();
  });

  it('drops the menu echo of a key press that was already handled', async () => {
    await useLabStore().init();
    runCommand('step', 'key', 1000);
    runCommand('step', 'menu', 1100);
    runCommand('step', 'menu', 2000);
    runCommand('step', 'key', 2050);
    await flushPromises();
    expect(fake.callsOf('step')).toHaveLength(2);
  });

  it('toggles run and pause', async () => {
    const lab = useLabStore();
    await lab.init();
    runCommand('run-pause');
    await flushPromises();
    expect(lab.running).toBe(true);
    runCommand('run-pause');
    await flushPromises();
    expect(lab.running).toBe(false);
    expect(fake.calls.map((c) => c.method).filter((m) => m === 'play' || m === 'pause')).toEqual([
      'play',
      'pause',
    ]);
  });

  it('switches the theme from the menu', () => {
    runCommand('theme-dark', 'menu');
    expect(useUiStore().theme).toBe('dark');
  });
});
