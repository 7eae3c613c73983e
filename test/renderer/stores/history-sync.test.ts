import { chartHistoryOf } from '../../../core/lab-api/chart-history';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { LabApiError } from '../../../renderer/src/api/lab-api-error';
import { busyRetryMs } from '../../../renderer/src/api/ask-until-read';
import { HistorySync } from '../../../renderer/src/stores/history-sync';
import { useHistoryStore } from '../../../renderer/src/stores/history-store';
import { useLogStore } from '../../../renderer/src/stores/log-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { logLine, sample, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

const busy = (): LabApiError =>
  new LabApiError({ code: 'busy', message: 'reply not sent: 27.4 MiB of earlier replies are still waiting' });

let fake: FakeLab;
beforeEach(() => {
  vi.useFakeTimers();
  ({ fake } = installFakeLab());
  fake.history = [sample(0), sample(1), sample(2)];
  fake.log = [logLine(1), logLine(2)];
});
afterEach(() => {
  vi.useRealTimers();
  setLabApi(null);
});

describe('rebuilding charts and log from the Node side', () => {
  it('asks again while the bridge refuses as busy (earlier replies unread), and loads both', async () => {
    let refusals = 2;
    fake.handle('getHistory', () => {
      if (refusals-- > 0) throw busy();
      return chartHistoryOf(fake.history);
    });
    const rebuilt = new HistorySync().rebuild();
    await vi.advanceTimersByTimeAsync(busyRetryMs * 3);
    await rebuilt;
    expect(useHistoryStore().length).toBe(3);
    expect(
      useLogStore()
        .linesOf(null)
        .map((l) => l.seq),
    ).toEqual([1, 2]);
    expect(useNoticeStore().notices).toEqual([]);
    // The log is asked for only once the samples are in.
    const order = fake.calls.map((c) => c.method).filter((m) => m === 'getHistory' || m === 'getLog');
    expect(order).toEqual(['getHistory', 'getHistory', 'getHistory', 'getLog']);
  });

  it('keeps the charts when only the log is refused, and says which one is missing', async () => {
    fake.handle('getLog', () => {
      throw new LabApiError({ code: 'internal', message: 'log store gone' });
    });
    await new HistorySync().rebuild();
    expect(useHistoryStore().length).toBe(3);
    expect(useNoticeStore().notices.map((n) => n.message)).toEqual([
      "Could not load the run's log: log store gone",
    ]);
  });

  it('gives up after a few busy refusals with a notice, not for ever', async () => {
    fake.handle('getHistory', () => {
      throw busy();
    });
    const rebuilt = new HistorySync().rebuild();
    await vi.advanceTimersByTimeAsync(busyRetryMs * 20);
    await rebuilt;
    expect(useHistoryStore().length).toBe(0);
    expect(
      useLogStore()
        .linesOf(null)
        .map((l) => l.seq),
    ).toEqual([1, 2]);
    expect(useNoticeStore().notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/^Could not load the run's charts: reply not sent/),
    ]);
  });
});
