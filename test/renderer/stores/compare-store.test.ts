import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PinnedRunInfo } from '../../../core/lab-api/lab-api-contract';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useCompareStore } from '../../../renderer/src/stores/compare-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { sample, twoVmScenario, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

const scenario = parseScenarioOrThrow(twoVmScenario);

function pin(id: string, status: PinnedRunInfo['status'], idleTaxPct: number): PinnedRunInfo {
  return {
    id,
    label: 'Two VMs',
    scenario: { ...scenario, policy: { ...scenario.policy, idleTaxPct } },
    interventions: [],
    status,
    tick: status === 'done' ? 60 : 10,
    endTick: 60,
    error: null,
    summary: null,
  };
}

let fake: FakeLab;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['performance'] });
  ({ fake } = installFakeLab());
  fake.pinnedHistory.set('pin-1', [sample(0), sample(1), sample(2)]);
  fake.pinnedHistory.set('pin-2', [sample(0), sample(1)]);
});
afterEach(() => {
  vi.useRealTimers();
  setLabApi(null);
});

describe('compare store', () => {
  it('loads the pins, names runs by what differs and keeps each history outside reactivity', async () => {
    fake.pins = [pin('pin-1', 'done', 0), pin('pin-2', 'done', 75)];
    const compare = useCompareStore();
    await compare.init();
    await flushPromises();
    expect(compare.headline).toEqual(['idleTaxPct: 0 vs 75']);
    expect(compare.labels).toEqual(['idleTaxPct: 0', 'idleTaxPct: 75']);
    expect(compare.histories.get('pin-1')?.length).toBe(3);
    expect(compare.histories.get('pin-2')?.length).toBe(2);
    // A finished run's history is fetched once, however often the pins are reported again.
    fake.emit('pinsChanged', fake.pins);
    await flushPromises();
    expect(fake.callsOf('getPinnedHistory')).toHaveLength(2);
  });

  it('refetches a running run at most once a second, and forgets unpinned runs', async () => {
    const compare = useCompareStore();
    await compare.init();
    fake.emit('pinsChanged', [pin('pin-1', 'running', 0)]);
    await flushPromises();
    fake.emit('pinsChanged', [pin('pin-1', 'running', 0)]);
    await flushPromises();
    expect(fake.callsOf('getPinnedHistory')).toHaveLength(1);
    vi.advanceTimersByTime(1100);
    fake.emit('pinsChanged', [pin('pin-1', 'running', 0)]);
    await flushPromises();
    expect(fake.callsOf('getPinnedHistory')).toHaveLength(2);
    const version = compare.version;
    fake.emit('pinsChanged', []);
    await flushPromises();
    expect(compare.histories.size).toBe(0);
    expect(compare.version).toBeGreaterThan(version);
  });

  it('says why an action failed, in a notice', async () => {
    fake.handle('pinRun', () => {
      throw new Error('At most 4 runs can be pinned: unpin one first.');
    });
    const compare = useCompareStore();
    expect(await compare.pinCurrent()).toBe(false);
    expect(useNoticeStore().notices.at(-1)?.message).toMatch(/^Pin the current run failed: .*At most 4 runs/);
    expect(await compare.saveComparison('mine')).toBe(true);
    expect(fake.callsOf('saveComparison')).toEqual([{ target: 'mine' }]);
    expect(useNoticeStore().notices.at(-1)?.message).toBe('Saved the comparison as mine.balloonlab-compare');
  });
});
