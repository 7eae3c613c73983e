import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import ScenarioEditor from '../../../renderer/src/components/scenario/scenario-editor.vue';
import { useConfirmStore } from '../../../renderer/src/stores/confirm-store';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useScenarioEditorStore } from '../../../renderer/src/stores/scenario-editor-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';
import { mountEventsEditor } from '../support/events-editor';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

async function editorOn(vm: string) {
  useUiStore().selectVm(vm);
  const w = mount(ScenarioEditor, { global: { plugins: [pinia] } });
  await flushPromises();
  return w;
}

async function type(w: ReturnType<typeof mount>, path: string, value: string) {
  const input = w.find(`input[data-path="${path}"]`);
  await input.setValue(value);
  await input.trigger('change');
  await flushPromises();
}

describe('scenario editor', () => {
  it('shows an invalid edit next to its field and does not apply it', async () => {
    const w = await editorOn('web1');
    await type(w, 'vms[0].reservationMiB', '99999');
    const message = w.find('[data-issue="vms[0].reservationMiB"]');
    expect(message.text()).toMatch(/above the VM's memory \(4096 MiB\)/);
    expect(w.find('input[data-path="vms[0].reservationMiB"]').attributes('aria-invalid')).toBe('true');
    expect(w.find('[role="status"]').text()).toBe('1 problem');
    await w.find('[data-action="apply"]').trigger('click');
    await flushPromises();
    expect(fake.callsOf('updateScenario')).toEqual([]);
    expect(w.find('[data-outcome]').text()).toMatch(/Fix the field/);
    expect(useLabStore().scenario?.vms[0]?.reservationMiB).toBe(0);
  });

  it('explains a value that is not a number', async () => {
    const w = await editorOn('web1');
    await type(w, 'vms[0].memoryMiB', 'four gigs');
    expect(w.find('[data-issue="vms[0].memoryMiB"]').text()).toMatch(/number/i);
  });

  it('warns when the workload wants more than the VM has, and says why a field is locked', async () => {
    const w = await editorOn('web1');
    expect(w.find('[data-testid="demand-warning"]').exists()).toBe(false);
    await type(w, 'vms[0].memoryMiB', '2048');
    expect(w.find('[data-testid="demand-warning"]').text()).toMatch(
      /^From 00:00:00 the workload wants 3,000 MiB at its peak, more than the VM's 2,048 MiB/,
    );
    await type(w, 'vms[0].memoryMiB', '10');
    expect(w.find('[data-issue="vms[0].memoryMiB"]').text()).toBe('Memory must be at least 64 MiB');
    await useLabStore().step(5);
    await flushPromises();
    expect(
      w.find('input[data-path="vms[0].guestOs"], select[data-path="vms[0].guestOs"]').attributes('title'),
    ).toBe('Fixed once the run has started: Reset to tick 0 to change it.');
  });

  it('applies a valid edit at tick 0 by replacing the scenario', async () => {
    const w = await editorOn('db1');
    await type(w, 'vms[1].memoryMiB', '6144');
    await w.find('[data-action="apply"]').trigger('click');
    await flushPromises();
    expect(fake.callsOf('updateScenario')).toHaveLength(1);
    expect(useLabStore().scenario?.vms[1]?.memoryMiB).toBe(6144);
    expect(w.find('[data-outcome]').text()).toContain('Scenario applied');
  });

  it('records a live edit as an intervention at the current tick', async () => {
    await useLabStore().step(90);
    const w = await editorOn('web1');
    // Fixed at power-on: the editor does not even offer it while running.
    expect(w.find('input[data-path="vms[0].memoryMiB"]').attributes('disabled')).toBeDefined();
    await type(w, 'vms[0].limitMiB', '3072');
    await w.find('select[data-path="vms[0].balloonDriver"]').setValue('stuck');
    await w.find('[data-action="apply"]').trigger('click');
    await flushPromises();
    expect(fake.callsOf('applyIntervention')).toEqual([
      { intervention: { vm: 'web1', set: { limitMiB: 3072, balloonDriver: 'stuck' } } },
    ]);
    expect(w.find('[data-outcome]').text()).toBe('Recorded 1 intervention at 00:01:30 (tick 90).');
    expect(w.find('.recorded summary').text()).toBe('1 recorded');
  });

  it('edits every workload kind with a preview of its demand', async () => {
    const w = await editorOn('web1');
    const kinds = ['steady', 'idle', 'ramp', 'phases', 'sine', 'bursty', 'trace'];
    for (const kind of kinds) {
      await w.find('select[data-path="vms[0].workload.kind"]').setValue(kind);
      await flushPromises();
      expect(w.find('svg[role="img"]').exists(), kind).toBe(true);
      expect(w.find('svg path.demand').attributes('d')).toMatch(/^M/);
    }
    // The trace table takes pasted samples.
    await w.find('details.paste summary').trigger('click');
    await w.find('textarea').setValue('at_s,demand\n0,100\n60,900,80\n');
    await w
      .findAll('button')
      .find((b) => b.text() === 'Replace samples')!
      .trigger('click');
    await flushPromises();
    expect(
      w.findAll('input[aria-label$="At (s)"]').map((i) => (i.element as HTMLInputElement).value),
    ).toEqual(['0', '60']);
  });

  it('adds, clones and removes VMs before the run starts', async () => {
    const w = await editorOn('web1');
    await w.find('button[aria-label="Clone VM web1"]').trigger('click');
    await flushPromises();
    expect(w.findAll('button.vm').map((b) => b.text())).toEqual(['web-01', 'web-01 (copy)', 'db1']);
    await w
      .findAll('button')
      .find((b) => b.text() === '+ Add VM')!
      .trigger('click');
    await flushPromises();
    expect(w.findAll('button.vm')).toHaveLength(4);
    await w.find('button[aria-label="Remove VM vm-1"]').trigger('click');
    await flushPromises();
    expect(w.findAll('button.vm')).toHaveLength(3);
  });
});

describe('scheduled events', () => {
  const eventsOf = (vm = 'web1') => mountEventsEditor(fake, pinia, vm);

  it('lists the events in time order, adds, edits and deletes them, and applies them', async () => {
    const w = await eventsOf();
    const rows = () =>
      w.findAll('tbody tr').map((r) =>
        r
          .findAll('td')
          .map((td) => td.text().trim())
          .join(' '),
      );
    expect(rows()).toEqual([
      expect.stringContaining('00:01:00 web1 limitMiB 2048'),
      expect.stringContaining('00:05:00 db1 power off'),
    ]);
    expect(w.findAll('.timeline .mark')).toHaveLength(2);

    await w.find('[data-action="add-event"]').trigger('click');
    await flushPromises();
    await type(w, 'events[2].atS', '420');
    await w.find('select[data-path="events[2].vm"]').setValue('db1');
    await w.find('input[data-change="reservationMiB"]').setValue(true);
    await flushPromises();
    await type(w, 'events[2].set.reservationMiB', '1024');
    expect(rows()[2]).toContain('00:07:00 db1 power on, reservationMiB 1024');

    await w.find('button[aria-label="Delete the event at 00:05:00 for db1"]').trigger('click');
    await flushPromises();
    expect(rows()).toHaveLength(2);
    await w.find('[data-action="apply"]').trigger('click');
    await flushPromises();
    expect(useLabStore().scenario?.events).toEqual([
      { atS: 60, vm: 'web1', set: { limitMiB: 2048 } },
      { atS: 420, vm: 'db1', power: 'on', set: { reservationMiB: 1024 } },
    ]);
  });

  it('says in words what is wrong with an event, next to it', async () => {
    const w = await eventsOf();
    await w.find('tbody tr').trigger('click');
    await type(w, 'events[1].atS', '9999');
    expect(w.find('[data-issue="events[1].atS"]').text()).toBe(
      'At: 9999 s is after the end of the run (600 s)',
    );
    expect(w.find('tr.bad').text()).toContain('after the end of the run');
  });

  it('offers to remove a VM’s events with the VM, or to keep them to point elsewhere', async () => {
    const w = await eventsOf('db1');
    await w.find('button[data-vm-index="1"]').trigger('click');
    await flushPromises();
    await w.find('button[aria-label="Remove VM db1"]').trigger('click');
    await flushPromises();
    const confirm = useConfirmStore();
    expect(confirm.pending?.request.message).toBe('db1 has 1 scheduled event. Remove it too?');
    confirm.answer('vm-only');
    await flushPromises();
    expect(w.find('[data-action="show-events"]').exists()).toBe(true);
    await w.find('[data-action="show-events"]').trigger('click');
    await flushPromises();
    expect(w.find('tr.bad').text()).toContain('no VM with id "db1"');
    // Pointing the event at a VM that exists fixes it.
    await w.find('tr.bad').trigger('click');
    await w.find('select[data-path="events[0].vm"]').setValue('web1');
    await flushPromises();
    expect(w.find('tr.bad').exists()).toBe(false);

    await w.find('button[data-vm-index="0"]').trigger('click');
    await flushPromises();
    await w.find('button[aria-label="Remove VM web1"]').trigger('click');
    await flushPromises();
    confirm.answer('with-events');
    await flushPromises();
    expect(useScenarioEditorStore().draft?.vms).toEqual([]);
    expect(useScenarioEditorStore().draft?.events).toEqual([]);
  });
});
