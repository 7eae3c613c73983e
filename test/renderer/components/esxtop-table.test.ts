import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import EsxtopTable from '../../../renderer/src/components/esxtop/esxtop-table.vue';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { zeroVmCounters } from '../../support/counter-fixtures';
import { labState } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(async () => {
  const installed = installFakeLab();
  pinia = installed.pinia;
  installed.fake.state = labState(undefined, {
    vms: [
      zeroVmCounters('web1', { swcurMiB: 10, perfIndex: 0.5 }),
      zeroVmCounters('db1', { swcurMiB: 300, perfIndex: 0.99, poweredOn: false }),
    ],
  });
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

const ids = (w: ReturnType<typeof mount>) => w.findAll('tbody tr').map((r) => r.attributes('data-vm'));

describe('esxtop table', () => {
  it('says on screen which unit its numbers are in', () => {
    const w = mount(EsxtopTable, { global: { plugins: [pinia] } });
    const units = w.get('[data-testid="esxtop-units"]');
    expect(units.element.tagName).toBe('CAPTION');
    expect(units.text()).toMatch(/Memory in MiB, \/s columns in MiB\/s/);
  });

  it('has every counter column explained in a tooltip', () => {
    const w = mount(EsxtopTable, { global: { plugins: [pinia] } });
    const headers = w.findAll('thead th');
    const labels = headers.map((h) => h.text().replace(/[▲▼]/g, ''));
    for (const c of [
      'MEMSZ',
      'GRANT',
      'SZTGT',
      'TCHD',
      'ACTV',
      'CONSUMED',
      'MCTLSZ',
      'MCTLTGT',
      'MCTLMAX',
      'SWCUR',
      'SWTGT',
      'SWR/s',
      'SWW/s',
      'ZIP',
      'SHRD',
      'ZERO',
      'SHRDSVD',
      'OVHD',
      'GSWAP',
      'CACHE',
      'DEMAND',
      'PERF',
    ]) {
      expect(labels).toContain(c);
    }
    for (const h of headers) expect(h.attributes('title')?.length).toBeGreaterThan(10);
  });

  it('sorts by a column, largest first, and reverses on a second click', async () => {
    const w = mount(EsxtopTable, { global: { plugins: [pinia] } });
    expect(ids(w)).toEqual(['db1', 'web1']);
    await w.find('button[aria-label="Sort by PERF"]').trigger('click');
    expect(ids(w)).toEqual(['db1', 'web1']);
    expect(w.find('th[aria-sort="descending"]').text()).toContain('PERF');
    await w.find('button[aria-label="Sort by PERF"]').trigger('click');
    expect(ids(w)).toEqual(['web1', 'db1']);
    await w.find('button[aria-label="Sort by SWCUR"]').trigger('click');
    expect(ids(w)).toEqual(['db1', 'web1']);
    expect(w.find('tr[data-vm="db1"]').text()).toContain('(off)');
  });

  it('selects a VM when its row is clicked', async () => {
    const w = mount(EsxtopTable, { global: { plugins: [pinia] } });
    await w.find('tr[data-vm="db1"]').trigger('click');
    await flushPromises();
    expect(useUiStore().selectedVm).toBe('db1');
    expect(w.find('tr[data-vm="db1"]').classes()).toContain('selected');
  });
});
