import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import VmList from '../../../renderer/src/components/vms/vm-list.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { zeroVmCounters } from '../../support/counter-fixtures';
import { labState, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

describe('VM list', () => {
  it('shows a powered-off VM as off, not as a VM stalled at 0 %', async () => {
    ({ fake, pinia } = installFakeLab());
    fake.state = labState(undefined, {
      vms: [
        zeroVmCounters('web1', { perfIndex: 0.5 }),
        zeroVmCounters('db1', { perfIndex: 0, poweredOn: false }),
      ],
    });
    await useLabStore().init();
    const w = mount(VmList, { global: { plugins: [pinia] } });
    const off = w.get('[data-vm="db1"] .perf');
    expect(off.text()).toBe('off');
    expect(off.classes()).not.toContain('bad');
    expect(off.attributes('title')).toBe('Powered off at this tick');
    expect(w.get('[data-vm="web1"] .perf').classes()).toContain('bad');
  });

  it('selects VMs by click and arrow keys', async () => {
    const w = mount(VmList, { global: { plugins: [pinia] }, attachTo: document.body });
    await w.find('[data-vm="db1"]').trigger('click');
    expect(useUiStore().selectedVm).toBe('db1');
    await w.find('[data-vm="db1"]').trigger('keydown', { key: 'ArrowUp' });
    expect(useUiStore().selectedVm).toBe('web1');
    w.unmount();
  });

  it('offers power on and off only once the run has started, as interventions', async () => {
    const w = mount(VmList, { global: { plugins: [pinia] } });
    expect(w.find('button[aria-label^="Power off"]').exists()).toBe(false);
    await useLabStore().step(10);
    await flushPromises();
    await w.find('button[aria-label="Power off web-01"]').trigger('click');
    await flushPromises();
    expect(fake.callsOf('applyIntervention')).toEqual([{ intervention: { vm: 'web1', power: 'off' } }]);
    // The click powers the VM off without changing the selection.
    expect(useUiStore().selectedVm).toBe('web1');
  });
});

describe('host summary and lesson', () => {
  it('gives every host amount its unit', async () => {
    const w = mount(VmList, { global: { plugins: [pinia] } });
    const values = w.findAll('.host dd').map((d) => d.text());
    expect(values.slice(0, 6).every((v) => v.endsWith('MiB'))).toBe(true);
    expect(values[6]).toMatch(/×$/);
  });

  it('shows memory in large pages and large pages broken only when the host uses them', async () => {
    expect(
      mount(VmList, { global: { plugins: [pinia] } })
        .find('[data-testid="host-large-pages"]')
        .exists(),
    ).toBe(false);
    const lab = useLabStore();
    lab.host = { ...lab.host!, largeMiB: 1536, largeBroken: 3 };
    const w = mount(VmList, { global: { plugins: [pinia] } });
    expect(w.find('[data-testid="host-large-pages"]').text()).toBe('1,536 MiB');
    expect(w.find('[data-testid="host-large-broken"]').text()).toBe('3');
  });

  it('shows what to watch while the run goes, marking the next scheduled moment', async () => {
    fake.state = {
      ...fake.state,
      scenario: {
        ...fake.state.scenario,
        description: 'Watch db1 give its memory back.',
        events: [
          { atS: 300, vm: 'db1', power: 'off' },
          { atS: 60, vm: 'web1', set: { limitMiB: 2048 } },
        ],
      },
    };
    await useLabStore().refresh();
    const w = mount(VmList, { global: { plugins: [pinia] } });
    const panel = w.find('[data-testid="lesson-panel"]');
    expect(panel.text()).toContain('Watch db1 give its memory back.');
    const moments = () =>
      w.findAll('.moments li').map((li) => [li.classes().filter((c) => c !== 'li')[0], li.text()]);
    expect(moments()).toEqual([
      ['next', '00:01:00 web1: limitMiB 2048 (next)'],
      ['later', '00:05:00 db1: power off'],
    ]);
    await useLabStore().step(120);
    await flushPromises();
    expect(moments()[0]![0]).toBe('past');
    expect(moments()[1]).toEqual(['next', '00:05:00 db1: power off (next)']);
  });

  it('marks the next moment after the one shown when the timeline goes back', async () => {
    fake.state = {
      ...fake.state,
      scenario: {
        ...fake.state.scenario,
        events: [
          { atS: 60, vm: 'web1', set: { limitMiB: 2048 } },
          { atS: 300, vm: 'db1', power: 'off' },
        ],
      },
    };
    await useLabStore().refresh();
    const w = mount(VmList, { global: { plugins: [pinia] } });
    const states = () => w.findAll('.moments li').map((li) => li.classes()[0]);
    await useLabStore().step(400);
    await flushPromises();
    expect(states()).toEqual(['past', 'past']);
    await useLabStore().viewAt(30);
    await flushPromises();
    expect(states()).toEqual(['next', 'later']);
    await useLabStore().returnToHead();
    await flushPromises();
    expect(states()).toEqual(['past', 'past']);
  });
});
