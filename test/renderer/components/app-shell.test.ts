import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import AppShell from '../../../renderer/src/app-shell.vue';
import { resetCommandEchoes } from '../../../renderer/src/commands/run-command';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(() => {
  ({ fake, pinia } = installFakeLab());
  resetCommandEchoes();
});
afterEach(() => setLabApi(null));

// Canvas maps and Chart.js charts have their own tests; here they are placeholders.
const stubs = {
  HostMapView: true,
  GuestMapView: true,
  HostFreeChart: true,
  VmMemoryChart: true,
  PerfIndexChart: true,
};

async function shell() {
  const w = mount(AppShell, { global: { plugins: [pinia], stubs }, attachTo: document.body });
  await flushPromises();
  return w;
}

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = window) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
}

describe('app shell', () => {
  it('loads the lab and lists its VMs', async () => {
    const w = await shell();
    expect(w.findAll('.vms [role="option"]').map((o) => o.attributes('data-vm'))).toEqual(['web1', 'db1']);
    expect(w.find('.session').text()).toContain('Two VMs');
    w.unmount();
  });

  it('runs the keyboard shortcuts of the menu', async () => {
    const w = await shell();
    press(' ');
    await flushPromises();
    expect(fake.callsOf('play')).toHaveLength(1);
    press(' ');
    await flushPromises();
    press('.');
    await flushPromises();
    expect(fake.callsOf('pause')).toHaveLength(1);
    expect(fake.callsOf('step')).toHaveLength(1);
    press('r', { ctrlKey: true });
    press('Enter', { ctrlKey: true, shiftKey: true });
    await flushPromises();
    expect(fake.callsOf('reset')).toHaveLength(1);
    expect(fake.callsOf('runToEnd')).toHaveLength(1);
    press('n', { ctrlKey: true });
    await flushPromises();
    expect(useUiStore().dialog).toBe('new');
    // While a dialog is open the keyboard belongs to it.
    press('.');
    await flushPromises();
    expect(fake.callsOf('step')).toHaveLength(1);
    w.unmount();
  });

  it('does not run bare-key shortcuts while typing in a field', async () => {
    useUiStore().lowerTab = 'log';
    const w = await shell();
    const input = w.find('input[aria-label="Filter log text"]').element;
    press(' ', {}, input);
    press('.', {}, input);
    await flushPromises();
    expect(fake.callsOf('play')).toEqual([]);
    expect(fake.callsOf('step')).toEqual([]);
    w.unmount();
  });

  it('carries out commands from the Electron menu', async () => {
    const w = await shell();
    fake.emit('menuCommand', { command: 'export' });
    await flushPromises();
    expect(w.find('[role="dialog"]').text()).toContain('Export CSV traces');
    w.unmount();
  });

  it('shows notices as dismissible toasts', async () => {
    const w = await shell();
    fake.emit('notice', { level: 'error', message: 'Could not write the autosave' });
    await flushPromises();
    const toast = w.find('.notice.error');
    expect(toast.text()).toContain('Could not write the autosave');
    await toast.find('button[aria-label="Dismiss notice"]').trigger('click');
    expect(w.find('.notice').exists()).toBe(false);
    w.unmount();
  });
});
