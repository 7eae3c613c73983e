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
  HostReclaimChart: true,
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

  it('never lets Space press the focused button, and keeps Space as Run/Pause elsewhere', async () => {
    const w = await shell();
    const newButton = w.find('button[aria-label="New lab from a preset"]').element as HTMLButtonElement;
    newButton.focus();
    const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true });
    newButton.dispatchEvent(space);
    await flushPromises();
    // Prevented: the browser does not turn it into a click; and it is no Run either.
    expect(space.defaultPrevented).toBe(true);
    expect(useUiStore().dialog).toBeNull();
    expect(fake.callsOf('play')).toEqual([]);
    w.unmount();
  });

  it('asks the browser to confirm closing the tab only with unsaved work', async () => {
    const w = await shell();
    const clean = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    fake.emit('sessionChanged', { name: 'Two VMs', location: null, dirty: true });
    const dirty = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(dirty);
    expect(dirty.defaultPrevented).toBe(true);
    w.unmount();
  });

  it('opens a scenario .json dropped on the window, and refuses other files in the browser', async () => {
    const w = await shell();
    const drop = (file: File) => {
      const event = new Event('drop', { bubbles: true, cancelable: true }) as DragEvent;
      Object.defineProperty(event, 'dataTransfer', { value: { files: [file], types: ['Files'] } });
      window.dispatchEvent(event);
      return event;
    };
    const other = drop(new File(['x'], 'lab.balloonlab'));
    await flushPromises();
    expect(other.defaultPrevented).toBe(true);
    expect(w.find('.notice.warn').text()).toContain('lab.balloonlab: drop a scenario .json file here');
    drop(new File([JSON.stringify({ name: 'Dropped', vms: [] })], 'dropped.json'));
    await flushPromises();
    expect(fake.callsOf('newSession')).toEqual([{ scenario: { name: 'Dropped', vms: [] } }]);
    w.unmount();
  });
});
