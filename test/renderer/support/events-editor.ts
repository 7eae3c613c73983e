import { flushPromises, mount } from '@vue/test-utils';
import ScenarioEditor from '../../../renderer/src/components/scenario/scenario-editor.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import type { FakeLab } from './fake-lab-api';
import type { installFakeLab } from './fake-setup';

/**
 * The scenario editor on its events section, `vm` selected, for a scenario with two events:
 * db1 off at 00:05:00 and web1's limit at 00:01:00 (listed in that order in the scenario).
 */
export async function mountEventsEditor(
  fake: FakeLab,
  pinia: ReturnType<typeof installFakeLab>['pinia'],
  vm = 'web1',
) {
  fake.state = {
    ...fake.state,
    scenario: {
      ...fake.state.scenario,
      events: [
        { atS: 300, vm: 'db1', power: 'off' },
        { atS: 60, vm: 'web1', set: { limitMiB: 2048 } },
      ],
    },
  };
  await useLabStore().refresh();
  useUiStore().selectVm(vm);
  const w = mount(ScenarioEditor, { global: { plugins: [pinia] } });
  await flushPromises();
  await w.find('button[data-section="events"]').trigger('click');
  await flushPromises();
  return w;
}
