import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../../renderer/src/api/lab-api';
import ScenarioEditorBar from '../../../../renderer/src/components/scenario/scenario-editor-bar.vue';
import { useLabStore } from '../../../../renderer/src/stores/lab-store';
import { installFakeLab } from '../../support/fake-setup';

let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

describe('the scenario editor bar once the run has started', () => {
  it('repeats its whole sentence in the tooltip, which a narrow window cuts on screen', async () => {
    await useLabStore().step(10);
    const w = mount(ScenarioEditorBar, { global: { plugins: [pinia] } });
    const mode = w.find('.mode');
    const shown = mode.text().replace(/\s+/g, ' ');
    expect(shown).toMatch(/^Run started: .*fixed until Reset\.$/);
    expect(mode.attributes('title')).toContain(shown);
    expect(mode.attributes('title')).toMatch(/Reset first\.$/);
  });
});
