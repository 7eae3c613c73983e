import { chartHistoryOf } from '../../../core/lab-api/chart-history';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../../../core/lab-api/lab-api-contract';
import { labEvents } from '../../../core/lab-api/lab-api-contract';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useFrameStore } from '../../../renderer/src/stores/frame-store';
import { useHistoryStore } from '../../../renderer/src/stores/history-store';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useLogStore } from '../../../renderer/src/stores/log-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { useUiStore } from '../../../renderer/src/stores/ui-store';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';
import { logLine, sample, type FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

function frame(seq: number, partial: Partial<Frame> = {}): Frame {
  return {
    seq,
    tick: seq,
    timeS: seq,
    running: true,
    host: zeroHostCounters({ tick: seq, timeS: seq, state: 'soft' }),
    vms: [zeroVmCounters('web1', { mctlszMiB: seq }), zeroVmCounters('db1')],
    log: [],
    samples: [],
    hostMap: null,
    guestMap: null,
    ...partial,
  };
}

let fake: FakeLab;

beforeEach(() => {
  vi.useFakeTimers();
  ({ fake } = installFakeLab());
});

afterEach(() => {
  vi.useRealTimers();
  setLabApi(null);
});

async function ready() {
  const lab = useLabStore();
  await lab.init();
  await flushPromises();
  return lab;
}

describe('lab store', () => {
  it('loads the state, subscribes to every event once and rebuilds charts and logs', async () => {
    fake.history = [sample(1), sample(2)];
    fake.log = [logLine(1), logLine(2, { vm: 'db1' })];
    const lab = useLabStore();
    await Promise.all([lab.init(), lab.init()]);
    expect(lab.ready).toBe(true);
    expect(lab.session.name).toBe('Two VMs');
    expect(lab.vmIds).toEqual(['web1', 'db1']);
    // pinsChanged and sweepChanged are the compare and sweep stores' events, not the lab store's.
    for (const e of labEvents)
      expect(fake.listenerCount(e)).toBe(e === 'pinsChanged' || e === 'sweepChanged' ? 0 : 1);
    expect(useHistoryStore().length).toBe(2);
    expect(useLogStore().linesOf('db1')).toHaveLength(1);
    // Selection starts on the first VM so the guest map and charts have something to show.
    expect(useUiStore().selectedVm).toBe('web1');
  });

  it('dispatches frames to the frame, history and log stores and acks them', async () => {
    const lab = await ready();
    fake.emit('frame', frame(5, { samples: [sample(5)], log: [logLine(7)] }));
    fake.emit('frame', frame(6, { samples: [sample(6)], log: [logLine(8)] }));
    expect(lab.tick).toBe(6);
    expect(lab.host?.state).toBe('soft');
    expect(useFrameStore().tick).toBe(6);
    expect(useHistoryStore().length).toBe(2);
    expect(
      useLogStore()
        .linesOf('web1')
        .map((l) => l.seq),
    ).toEqual([7, 8]);
    expect(fake.callsOf('ackFrames')).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    const credits = fake
      .callsOf('ackFrames')
      .reduce<number>((sum, r) => sum + (r as { credits: number }).credits, 0);
    expect(credits).toBe(2);
  });

  it('keeps a pause when a frame made before it arrives late', async () => {
    const lab = await ready();
    await lab.play();
    fake.emit('frame', frame(10));
    fake.handle('pause', () => ({ ...fake.state, tick: 11, running: false }));
    await lab.pause();
    fake.emit('frame', frame(11, { running: true }));
    expect(lab.running).toBe(false);
    expect(lab.tick).toBe(11);
    // Ticks beyond the answer mean the engine really moves again.
    fake.emit('frame', frame(12, { running: true }));
    expect(lab.running).toBe(true);
  });

  it('does not duplicate samples or lines that arrive while the history reloads', async () => {
    const lab = await ready();
    let release: () => void = () => {};
    fake.history = [sample(1), sample(2)];
    fake.log = [logLine(1), logLine(2)];
    fake.handle(
      'getHistory',
      () => new Promise((res) => (release = () => res(chartHistoryOf(fake.history)))),
    );
    const resetting = lab.reset();
    await flushPromises();
    // A frame overlapping the reloaded history, then one beyond it.
    fake.emit('frame', frame(2, { samples: [sample(2)], log: [logLine(2)] }));
    fake.emit('frame', frame(3, { samples: [sample(3)], log: [logLine(3)] }));
    release();
    await resetting;
    expect(useHistoryStore().length).toBe(3);
    expect(
      useLogStore()
        .linesOf(null)
        .map((l) => l.seq),
    ).toEqual([1, 2, 3]);
  });

  it('turns notices, failed requests and engine restarts into toasts', async () => {
    const lab = await ready();
    const notices = useNoticeStore();
    fake.emit('notice', { level: 'warn', message: 'Disk almost full' });
    fake.handle('play', () => Promise.reject({ code: 'busy', message: 'an export is running' }));
    await lab.play();
    fake.emit('engineRestarted', { reason: 'worker crashed', tick: 12 });
    await flushPromises();
    const texts = notices.notices.map((n) => `${n.level}:${n.message}`);
    expect(texts).toContain('warn:Disk almost full');
    expect(texts).toContain('error:Run failed: an export is running');
    expect(texts.some((t) => t.startsWith('warn:') && t.includes('restarted at tick 12'))).toBe(true);
    expect(fake.callsOf('getState').length).toBe(2);
  });

  it('keeps trying to load the lab while the Node side is not ready, with one toast', async () => {
    let failures = 3;
    fake.handle('getState', () =>
      failures-- > 0 ? Promise.reject({ code: 'busy', message: 'the engine is still loading' }) : fake.state,
    );
    const lab = useLabStore();
    const done = lab.init();
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    await done;
    expect(lab.ready).toBe(true);
    expect(fake.callsOf('getState')).toHaveLength(4);
    expect(useNoticeStore().notices.map((n) => n.message)).toEqual([
      'Loading the lab failed: the engine is still loading',
    ]);
  });

  it('marks a request the lab takes long to answer', async () => {
    const lab = await ready();
    let answer: () => void = () => {};
    fake.handle('pause', () => new Promise((res) => (answer = () => res({ ...fake.state, running: false }))));
    const pausing = lab.pause();
    await vi.advanceTimersByTimeAsync(1000);
    expect(lab.waiting).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(lab.waiting).toBe('Pause');
    answer();
    await pausing;
    expect(lab.waiting).toBeNull();
  });

  it('passes menu commands to the registered handler', async () => {
    const lab = await ready();
    const seen: string[] = [];
    lab.setCommandHandler((c) => seen.push(c));
    fake.emit('menuCommand', { command: 'save-as' });
    expect(seen).toEqual(['save-as']);
  });

  it('tracks run to end progress until done', async () => {
    const lab = await ready();
    fake.handle('runToEnd', () => ({ ...fake.state, running: true }));
    await lab.runToEnd();
    expect(lab.runToEndProgress).toEqual({ tick: 0, endTick: 600 });
    fake.emit('runProgress', { tick: 300, endTick: 600, done: false, cancelled: false });
    expect(lab.runToEndProgress).toEqual({ tick: 300, endTick: 600 });
    fake.emit('runProgress', { tick: 600, endTick: 600, done: true, cancelled: false });
    expect(lab.runToEndProgress).toBeNull();
  });

  it('saves with the view state and follows session changes', async () => {
    const lab = await ready();
    useUiStore().selectVm('db1');
    expect(await lab.save({ saveAs: true, target: 'my lab' })).toBe(true);
    expect(fake.callsOf('saveSession')[0]).toEqual({
      saveAs: true,
      target: 'my lab',
      uiState: { selectedVm: 'db1', lowerTab: 'log' },
    });
    expect(lab.session).toEqual({ name: 'my lab', location: 'my lab', dirty: false });
    fake.emit('sessionChanged', { name: 'my lab', location: 'my lab', dirty: true });
    expect(lab.session.dirty).toBe(true);
  });

  it('restores the selected VM of an opened session', async () => {
    const lab = await ready();
    fake.state = { ...fake.state, uiState: { selectedVm: 'db1', lowerTab: 'esxtop' } };
    expect(await lab.openSession('saved')).toBe(true);
    expect(fake.callsOf('openSession')[0]).toEqual({ target: 'saved' });
    expect(useUiStore().selectedVm).toBe('db1');
    expect(useUiStore().lowerTab).toBe('esxtop');
  });

  it('offers recovery when an autosave is waiting', async () => {
    fake.handle('getRecovery', () => ({ available: true, name: 'lost lab', tick: 40 }));
    const lab = await ready();
    expect(useUiStore().dialog).toBe('recovery');
    expect(lab.recovery?.name).toBe('lost lab');
    await lab.recover();
    expect(fake.callsOf('recover')).toHaveLength(1);
    expect(lab.recovery).toBeNull();
  });
});
