import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watch } from 'vue';
import type { Frame } from '../../../core/lab-api/lab-api-contract';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useChartViewStore } from '../../../renderer/src/stores/chart-view-store';
import { useConfirmStore } from '../../../renderer/src/stores/confirm-store';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useLogStore } from '../../../renderer/src/stores/log-store';
import { preparingPollMs } from '../../../renderer/src/stores/time-travel';
import { zeroHostCounters } from '../../support/counter-fixtures';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

let fake: FakeLab;

beforeEach(() => {
  ({ fake } = installFakeLab());
  fake.state = {
    ...fake.state,
    tick: 300,
    timeS: 300,
    interventions: [
      { tick: 50, intervention: { vm: fake.state.scenario.vms[0]!.id, set: { shares: 'high' } } },
      { tick: 200, intervention: { vm: fake.state.scenario.vms[0]!.id, set: { shares: 'low' } } },
    ],
  };
});

afterEach(() => setLabApi(null));

function pastFrame(tick: number): Frame {
  return {
    seq: 1,
    tick,
    timeS: tick,
    running: false,
    host: zeroHostCounters({ tick, timeS: tick }),
    vms: fake.state.vms,
    log: [],
    samples: [],
    hostMap: null,
    guestMap: null,
  };
}

async function ready() {
  const lab = useLabStore();
  await lab.init();
  await flushPromises();
  return lab;
}

describe('time travel in the lab store', () => {
  it('shows a past second on the charts and in the log, keeps the run clock, and returns to now', async () => {
    const lab = await ready();
    const log = useLogStore();
    log.append([
      {
        seq: 1,
        tick: 10,
        timeS: 10,
        vm: '',
        source: 'hypervisor',
        level: 'info',
        event: 'a',
        message: 'early',
      },
      {
        seq: 2,
        tick: 250,
        timeS: 250,
        vm: '',
        source: 'hypervisor',
        level: 'info',
        event: 'b',
        message: 'late',
      },
    ]);
    await lab.viewAt(120);
    expect(lab.viewTick).toBe(120);
    expect(lab.tick).toBe(300);
    expect(useChartViewStore().cursorTimeS).toBe(120);
    expect(log.linesOf(null).map((l) => l.message)).toEqual(['early']);
    await lab.returnToHead();
    expect(lab.viewTick).toBeNull();
    expect(useChartViewStore().cursorTimeS).toBeNull();
    expect(log.linesOf(null)).toHaveLength(2);
  });

  it("keeps the run's clock when a frame of the past moment comes before viewAt's answer", async () => {
    const lab = await ready();
    const clock: number[] = [];
    const stop = watch(
      () => lab.tick,
      (t) => clock.push(t),
      { flush: 'sync' },
    );
    fake.handle('viewAt', async (r) => {
      fake.emit('frame', pastFrame(r.tick));
      await flushPromises();
      return { ...fake.state, viewTick: r.tick };
    });
    await lab.viewAt(120);
    stop();
    expect(clock).toEqual([]);
    expect(lab.tick).toBe(300);
    expect(lab.viewTick).toBe(120);
  });

  it('goes back to the newest tick when viewAt is refused', async () => {
    const lab = await ready();
    fake.handle('viewAt', () => {
      throw new Error('Tick 120 has not been simulated yet');
    });
    await lab.viewAt(120);
    expect(lab.viewTick).toBeNull();
  });

  it('asks before a branch drops interventions; Cancel keeps the run, confirming continues from there', async () => {
    const lab = await ready();
    await lab.viewAt(120);
    expect(lab.laterInterventions).toBe(1);
    const cancelled = lab.branchFromView();
    await flushPromises();
    const confirm = useConfirmStore();
    expect(confirm.pending?.request.message).toMatch(/drop the 1 intervention recorded after it/);
    confirm.answer('cancel');
    expect(await cancelled).toBe(false);
    expect(fake.callsOf('branchFromView')).toHaveLength(0);
    const confirmed = lab.branchFromView();
    await flushPromises();
    confirm.answer('branch');
    expect(await confirmed).toBe(true);
    expect(lab.tick).toBe(120);
    expect(lab.viewTick).toBeNull();
    expect(lab.interventions).toHaveLength(1);
  });

  it('says jumps are being prepared after opening, asking the lab until it is done', async () => {
    vi.useFakeTimers();
    try {
      const lab = await ready();
      expect(lab.preparingJumps).toBe(false);
      fake.state = { ...fake.state, preparingJumps: true };
      await lab.openSession('hour');
      await flushPromises();
      expect(lab.preparingJumps).toBe(true);
      const asked = fake.callsOf('getState').length;
      await vi.advanceTimersByTimeAsync(preparingPollMs);
      expect(fake.callsOf('getState')).toHaveLength(asked + 1);
      expect(lab.preparingJumps).toBe(true);
      const { preparingJumps: _done, ...ready2 } = fake.state;
      fake.state = ready2;
      await vi.advanceTimersByTimeAsync(preparingPollMs);
      expect(lab.preparingJumps).toBe(false);
      // Done: the lab is not asked again.
      await vi.advanceTimersByTimeAsync(5 * preparingPollMs);
      expect(fake.callsOf('getState')).toHaveLength(asked + 2);
    } finally {
      vi.useRealTimers();
    }
  });
});
