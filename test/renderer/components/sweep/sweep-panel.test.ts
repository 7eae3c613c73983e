import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepStatus } from '../../../../core/lab-api/sweep-api-contract';
import { setLabApi } from '../../../../renderer/src/api/lab-api';
import SweepPanel from '../../../../renderer/src/components/sweep/sweep-panel.vue';
import { useLabStore } from '../../../../renderer/src/stores/lab-store';
import type { FakeLab } from '../../support/fake-lab-api';
import { installFakeLab } from '../../support/fake-setup';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];
beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

function status(extra: Partial<SweepStatus> = {}): SweepStatus {
  return {
    id: 'tax-0123456789ab',
    name: 'Two VMs sweep',
    description: '',
    baseName: 'Two VMs',
    parameters: [{ path: 'policy.idleTaxPct', values: [0, 25, 50, 75] }],
    seeds: [1, 2],
    points: 4,
    runs: 8,
    done: 0,
    state: 'ready',
    etaS: null,
    error: null,
    location: '/data/sweeps/tax-0123456789ab',
    jobs: 1,
    metrics: ['all_vms.perf_index_mean'],
    ...extra,
  };
}

describe('sweep panel', () => {
  it('builds a sweep from the current lab, counts its runs and opens it', async () => {
    const w = mount(SweepPanel, { global: { plugins: [pinia] } });
    await flushPromises();
    await w.find('[data-testid="sweep-build"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="sweep-count"]').text()).toMatch(
      /^4 points \(policy\.idleTaxPct\) x 3 seeds = 12 runs/,
    );
    await w.find('[data-testid="sweep-seeds"]').setValue('2');
    expect(w.find('[data-testid="sweep-count"]').text()).toMatch(/x 2 seeds = 8 runs/);
    fake.handle('openSweep', () => (fake.sweep = status()));
    await w.find('[data-testid="sweep-builder"]').trigger('submit');
    await flushPromises();
    const [request] = fake.callsOf('openSweep') as { document: Record<string, unknown> }[];
    expect(request!.document).toMatchObject({
      schema: 'balloon-lab/sweep@1',
      parameters: [{ path: 'policy.idleTaxPct', values: [0, 25, 50, 75] }],
      seeds: { count: 2 },
    });
    expect(w.find('[data-testid="sweep-builder"]').exists()).toBe(false);
    expect(w.find('[data-testid="sweep-about"]').text()).toContain('4 points x 2 seeds = 8');
    expect(w.find('[data-testid="sweep-run"]').text()).toBe('Run');
  });

  it('shows progress with the time left, cancels, and says why a sweep failed', async () => {
    fake.sweep = status({ state: 'running', done: 3, etaS: 40 });
    const w = mount(SweepPanel, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(w.find('[data-testid="sweep-progress"]').text()).toBe('3/8 runs');
    expect(w.find('[data-testid="sweep-state"]').text()).toBe('Running on 1 thread, about 40 s left');
    fake.handle('cancelSweep', () => status({ state: 'cancelled', done: 3 }));
    await w.find('[data-testid="sweep-cancel"]').trigger('click');
    await flushPromises();
    expect(fake.callsOf('cancelSweep')).toHaveLength(1);
    expect(w.find('[data-testid="sweep-run"]').text()).toBe('Run the rest');
    fake.emit(
      'sweepChanged',
      status({ state: 'failed', done: 3, error: 'Run p0002-s1 failed: out of memory.' }),
    );
    await flushPromises();
    expect(w.find('[data-testid="sweep-error"]').text()).toBe('Run p0002-s1 failed: out of memory.');
  });
});
