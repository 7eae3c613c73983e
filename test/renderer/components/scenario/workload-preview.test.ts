import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import WorkloadPreview from '../../../../renderer/src/components/scenario/workload-preview.vue';

function preview(workload: unknown, durationS = 600) {
  return mount(WorkloadPreview, { props: { workload, durationS, memoryMiB: 4096, seed: 42 } });
}

describe('workload preview', () => {
  it('states the peak demand of a valid workload', () => {
    const w = preview({ kind: 'steady', demandMiB: 3000, activePct: 40 });
    expect(w.find('[data-testid="demand-peak"]').text()).toBe('peak 3,000 MiB');
    expect(w.find('svg').attributes('aria-label')).toContain('peak 3,000 MiB over 00:10:00');
  });

  it('claims no peak while the demand is text that is not a number', () => {
    const w = preview({ kind: 'steady', demandMiB: '3000x', activePct: 40 });
    expect(w.find('[data-testid="demand-peak"]').text()).toBe('peak —');
    expect(w.text()).not.toMatch(/peak 0 MiB/);
    expect(w.find('svg').exists()).toBe(false);
    expect(w.text()).toContain("Fix the workload's fields to see its demand curve.");
  });

  it('shows no clock for a run length that is not a number', () => {
    const w = preview({ kind: 'steady', demandMiB: 3000, activePct: 40 }, Number.NaN);
    expect(w.find('figcaption').text()).toMatch(/0–—$/);
    expect(w.text()).not.toContain('NaN');
  });
});
