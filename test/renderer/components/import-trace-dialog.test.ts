import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import ImportTraceDialog from '../../../renderer/src/components/dialogs/import-trace-dialog.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { installFakeLab } from '../support/fake-setup';

let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

describe('the Import trace dialog', () => {
  it('names each policy as the scenario editor does, not by its bare id', () => {
    const w = mount(ImportTraceDialog, { global: { plugins: [pinia] } });
    const options = w.findAll('#import-policy option');
    expect(options.map((o) => o.attributes('value'))).toEqual(['esx', 'static', 'kvm-mom', 'hyperv', 'xen']);
    expect(options.map((o) => o.text())).toEqual([
      'esx — VMware ESXi (shares, idle tax)',
      'static — no ballooning, swap only',
      'kvm-mom — oVirt MOM rules',
      'hyperv — Hyper-V Dynamic Memory',
      'xen — squeezed',
    ]);
  });
});
