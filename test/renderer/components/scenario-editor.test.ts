import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import ScenarioEditor from '../../../renderer/src/components/scenario/scenario-editor.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

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
    expect(message.text()).toMatch(/above the VM's memoryMiB \(4096 MiB\)/);
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
