import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../core/lab-api/lab-api-contract';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { calloutGapMs, watchEventCallouts } from '../../../renderer/src/stores/event-callouts';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';
import { labState, twoVmScenario, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

const withEvents = {
  ...twoVmScenario,
  durationS: 3600,
  events: [
    { atS: 600, vm: 'web1', set: { workload: { kind: 'idle' as const, demandMiB: 256, activePct: 2 } } },
    { atS: 900, vm: 'db1', power: 'off' as const },
  ],
};

function frame(timeS: number, running = true): Frame {
  return {
    seq: timeS,
    tick: timeS,
    timeS,
    running,
    host: zeroHostCounters({ tick: timeS, timeS }),
    vms: [zeroVmCounters('web1'), zeroVmCounters('db1')],
    log: [],
    samples: [],
    hostMap: null,
    guestMap: null,
  };
}

let fake: FakeLab;
let stop: () => void = () => undefined;
beforeEach(() => {
  ({ fake } = installFakeLab());
  fake.state = labState(withEvents);
});
afterEach(() => {
  stop();
  setLabApi(null);
});

async function ready() {
  const lab = useLabStore();
  await lab.init();
  await flushPromises();
  stop = watchEventCallouts();
  return lab;
}

const messages = () => useNoticeStore().notices.map((n) => n.message);

describe('event callouts and the default speed', () => {
  it('starts a fresh lab at a speed that brings its first event within ten seconds', async () => {
    const lab = await ready();
    expect(fake.callsOf('setSpeed')).toEqual([{ speed: 90 }]);
    expect(lab.speed).toBe(90);
  });

  it('starts each new preset at its own default speed', async () => {
    const lab = await ready();
    fake.handle('newSession', () => labState(twoVmScenario));
    await lab.newSession('basics');
    await flushPromises();
    // twoVmScenario has no events: its ten minutes take two at 5x.
    expect(fake.callsOf('setSpeed').at(-1)).toEqual({ speed: 5 });
  });

  it('leaves the speed of a lab already under way alone', async () => {
    fake.state = labState(withEvents, { tick: 30, timeS: 30 });
    await ready();
    expect(fake.callsOf('setSpeed')).toEqual([]);
  });

  it('calls out a scheduled event with its numbers when the run passes it', async () => {
    await ready();
    fake.emit('frame', frame(590));
    await flushPromises();
    expect(messages()).toEqual([]);
    fake.emit('frame', frame(601));
    await flushPromises();
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatch(/^00:10:00 web-01: workload set to idle 256 MiB, 2% active/);
    expect(useNoticeStore().notices[0]!.level).toBe('info');
  });

  it('stays quiet on a jump back, and while running to the end or flat out', async () => {
    const lab = await ready();
    fake.emit('frame', frame(1000));
    await flushPromises();
    useNoticeStore().clear();
    fake.emit('frame', frame(10));
    await flushPromises();
    expect(messages()).toEqual([]);
    fake.handle('setSpeed', (r) => ({ ...fake.state, speed: r.speed, running: true }));
    await lab.setSpeed(null);
    fake.emit('frame', frame(1000));
    await flushPromises();
    expect(messages()).toEqual([]);
  });

  it('says events that come in quick succession together, at most one callout per gap', async () => {
    vi.useFakeTimers();
    try {
      await ready();
      fake.emit('frame', frame(601));
      await flushPromises();
      expect(messages()).toHaveLength(1);
      fake.emit('frame', frame(901));
      await flushPromises();
      expect(messages()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(calloutGapMs);
      expect(messages()).toHaveLength(2);
      expect(messages()[1]).toBe('00:15:00 db1: powers off');
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes its callouts away when another session starts, and leaves the other notices', async () => {
    const lab = await ready();
    fake.emit('frame', frame(601));
    await flushPromises();
    useNoticeStore().push('warn', 'Something else to read');
    expect(messages()).toHaveLength(2);
    fake.handle('newSession', () => labState(twoVmScenario));
    await lab.newSession('basics');
    await flushPromises();
    expect(messages()).toEqual(['Something else to read']);
  });

  it('drops a waiting callout when the clock jumps back', async () => {
    vi.useFakeTimers();
    try {
      await ready();
      fake.emit('frame', frame(601));
      await flushPromises();
      fake.emit('frame', frame(901));
      await flushPromises();
      fake.emit('frame', frame(100));
      await flushPromises();
      await vi.advanceTimersByTimeAsync(calloutGapMs * 2);
      expect(messages()).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
