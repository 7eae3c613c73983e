import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PinnedRunInfo } from '../../../core/lab-api/lab-api-contract';
import { parseScenarioOrThrow } from '../../../core/scenario/parse-scenario';
import { chartHistoryOf } from '../../../core/lab-api/chart-history';
import { busyRetryMs } from '../../../renderer/src/api/ask-until-read';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { LabApiError } from '../../../renderer/src/api/lab-api-error';
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

  it("asks again for a finished run's history while the bridge is busy with earlier replies", async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout'] });
    let refusals = 1;
    fake.handle('getPinnedHistory', (r) => {
      if (refusals-- > 0)
        throw new LabApiError({ code: 'busy', message: 'reply not sent: 20.0 MiB waiting' });
      return chartHistoryOf(fake.pinnedHistory.get(r.id) ?? []);
    });
    const compare = useCompareStore();
    await compare.init();
    fake.emit('pinsChanged', [pin('pin-1', 'done', 0)]);
    await flushPromises();
    expect(compare.histories.has('pin-1')).toBe(false);
    await vi.advanceTimersByTimeAsync(busyRetryMs);
    expect(compare.histories.get('pin-1')?.length).toBe(3);
    expect(fake.callsOf('getPinnedHistory')).toHaveLength(2);
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
