import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { resetCommandEchoes } from '../../../renderer/src/commands/run-command';
import AppToolbar from '../../../renderer/src/components/toolbar/app-toolbar.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(() => {
  ({ fake, pinia } = installFakeLab());
  resetCommandEchoes();
});
afterEach(() => setLabApi(null));

async function mounted() {
  await useLabStore().init();
  const wrapper = mount(AppToolbar, { global: { plugins: [pinia] } });
  await flushPromises();
  return wrapper;
}

function frameAt(timeS: number, state: 'high' | 'soft' | 'low') {
  return {
    seq: timeS,
    tick: timeS,
    timeS,
    running: true,
    host: zeroHostCounters({ timeS, state }),
    vms: [zeroVmCounters('web1'), zeroVmCounters('db1')],
    log: [],
    samples: [],
    hostMap: null,
    guestMap: null,
  };
}

describe('toolbar', () => {
  it('shows the session name and marks unsaved changes', async () => {
    const w = await mounted();
    expect(w.text()).toContain('Two VMs');
    expect(w.find('[aria-label="unsaved changes"]').exists()).toBe(false);
    fake.emit('sessionChanged', { name: 'Two VMs', location: null, dirty: true });
    await flushPromises();
    expect(w.find('[aria-label="unsaved changes"]').exists()).toBe(true);
    expect(document.title).toBe('• Two VMs — Balloon Lab');
  });

  it('shows the simulated clock and the host state from frames', async () => {
    const w = await mounted();
    expect(w.find('[role="timer"]').text()).toContain('00:00:00');
    fake.emit('frame', frameAt(3725, 'soft'));
    await flushPromises();
    expect(w.find('[role="timer"]').text()).toContain('01:02:05');
    const badge = w.find('.badge');
    expect(badge.text()).toBe('soft');
    expect(badge.attributes('data-state')).toBe('soft');
    expect(badge.attributes('title')).toMatch(/ballooning/);
  });

  it('runs, pauses, steps and sets the speed', async () => {
    const w = await mounted();
    await w.find('button[aria-label="Run (Space)"]').trigger('click');
    await flushPromises();
    expect(fake.callsOf('play')).toHaveLength(1);
    expect(w.find('button[aria-label="Step one tick (.)"]').attributes('disabled')).toBeDefined();
    await w.find('button[aria-label="Pause (Space)"]').trigger('click');
    await flushPromises();
    await w.find('button[aria-label="Step one tick (.)"]').trigger('click');
    await w.find('select[aria-label^="Speed"]').setValue('max');
    await w.find('select[aria-label^="Speed"]').setValue('600');
    await flushPromises();
    expect(fake.callsOf('pause')).toHaveLength(1);
    expect(fake.callsOf('step')).toEqual([{ ticks: 1 }]);
    // The first call is the fresh lab's default speed (see the lab store tests).
    expect(fake.callsOf('setSpeed').slice(1)).toEqual([{ speed: null }, { speed: 600 }]);
  });

  it('shows run-to-end progress with a cancel button', async () => {
    fake.handle('runToEnd', () => ({ ...fake.state, running: true }));
    const w = await mounted();
    await w.find('button[aria-label^="Run to end"]').trigger('click');
    fake.emit('runProgress', { tick: 150, endTick: 600, done: false, cancelled: false });
    await flushPromises();
    expect(w.find('progress[aria-label="Run to end progress"]').attributes('value')).toBe('25');
    await w.find('button[aria-label="Cancel run to end"]').trigger('click');
    expect(fake.callsOf('cancelRun')).toHaveLength(1);
    fake.emit('runProgress', { tick: 160, endTick: 600, done: false, cancelled: true });
    await flushPromises();
    expect(w.find('progress').exists()).toBe(false);
  });

  it('opens the preset gallery, the bridge open list and the export dialog', async () => {
    const w = await mounted();
    const ui = useUiStore();
    await w.find('button[aria-label="New lab from a preset"]').trigger('click');
    expect(ui.dialog).toBe('new');
    await w.find('button[aria-label="Open a saved session"]').trigger('click');
    expect(ui.dialog).toBe('open');
    await w.find('button[aria-label="Export CSV traces"]').trigger('click');
    expect(ui.dialog).toBe('export');
  });

  it('labels every control', async () => {
    const w = await mounted();
    for (const el of w.findAll('button, select, input')) {
      const labelled = el.attributes('aria-label') ?? el.element.closest('label')?.textContent?.trim();
      expect(labelled, el.html()).toBeTruthy();
    }
  });
});
