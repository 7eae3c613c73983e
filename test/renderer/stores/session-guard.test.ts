import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { useConfirmStore } from '../../../renderer/src/stores/confirm-store';
import { useFrameStore } from '../../../renderer/src/stores/frame-store';
import { useLabStore } from '../../../renderer/src/stores/lab-store';
import { useNoticeStore } from '../../../renderer/src/stores/notice-store';
import { zeroHostCounters, zeroVmCounters } from '../../support/counter-fixtures';
import type { FakeLab } from '../support/fake-lab-api';
import { installFakeLab } from '../support/fake-setup';

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

/** Waits for the question the store asks, answers it and returns what was asked. */
async function answer(choice: string, value?: string) {
  await flushPromises();
  const confirm = useConfirmStore();
  const asked = confirm.pending?.request;
  expect(asked, 'a question was asked').toBeDefined();
  confirm.answer(choice, value ?? asked?.field?.value ?? '');
  await flushPromises();
  return asked!;
}

describe('replacing a modified session', () => {
  it('asks first; Cancel keeps the session, Don’t save replaces it', async () => {
    fake.state = { ...fake.state, session: { name: 'My lab', location: null, dirty: true } };
    const lab = await ready();
    const cancelled = lab.newSession('basics');
    const asked = await answer('cancel');
    expect(asked.message).toContain('“My lab”');
    expect(asked.choices.map((c) => c.id)).toEqual(['save', 'discard', 'cancel']);
    expect(await cancelled).toBe(false);
    expect(fake.callsOf('newSession')).toEqual([]);

    const discarded = lab.newSession('basics');
    await answer('discard');
    expect(await discarded).toBe(true);
    expect(fake.callsOf('newSession')).toEqual([{ presetId: 'basics' }]);
    expect(fake.callsOf('saveSession')).toEqual([]);
  });

  it('saves under the name typed in the question (the browser has no save dialog)', async () => {
    fake.state = { ...fake.state, session: { name: 'Basics: 16 GiB', location: null, dirty: true } };
    const lab = await ready();
    const opening = lab.openSession('other');
    const asked = await answer('save', 'keep me');
    expect(asked.field?.value).toBe('Basics - 16 GiB');
    expect(asked.field?.problem('../etc')).not.toBeNull();
    expect(await opening).toBe(true);
    expect(fake.callsOf('saveSession')).toEqual([
      { saveAs: true, target: 'keep me', uiState: expect.any(Object) },
    ]);
    expect(fake.callsOf('openSession')).toEqual([{ target: 'other' }]);
  });

  it('does not ask when nothing would be lost, and keeps the session when saving fails', async () => {
    const lab = await ready();
    expect(await lab.newSession('basics')).toBe(true);
    expect(useConfirmStore().pending).toBeNull();

    fake.state = { ...fake.state, session: { name: 'x', location: 'x', dirty: true } };
    await lab.refresh();
    fake.handle('saveSession', () => Promise.reject({ code: 'io', message: 'disk full' }));
    const replacing = lab.newSession('basics');
    const asked = await answer('save');
    expect(asked.field).toBeUndefined();
    expect(await replacing).toBe(false);
    expect(fake.callsOf('newSession')).toHaveLength(1);
  });
});

describe('reset and its undo', () => {
  const interventions = [
    { tick: 10, intervention: { vm: 'web1', set: { limitMiB: 2048 } } },
    { tick: 40, intervention: { vm: 'db1', power: 'off' as const } },
  ];

  it('asks before dropping recorded interventions, and Undo replays the run to where it was', async () => {
    fake.state = {
      ...fake.state,
      tick: 90,
      timeS: 90,
      interventions,
      session: { name: 'x', location: null, dirty: true },
    };
    const lab = await ready();
    const cancelled = lab.reset();
    const asked = await answer('cancel');
    expect(asked.message).toContain('2 interventions');
    await cancelled;
    expect(fake.callsOf('reset')).toEqual([]);

    const resetting = lab.reset();
    await answer('reset');
    await resetting;
    expect(lab.tick).toBe(0);
    expect(lab.interventions).toEqual([]);
    expect(lab.canUndoReset).toBe(true);
    const notice = useNoticeStore().notices.find((n) => n.action?.label === 'Undo');
    expect(notice?.message).toContain('00:01:30');

    useNoticeStore().act(notice!.id);
    await vi.waitFor(() => expect(lab.tick).toBe(90));
    expect(fake.callsOf('step')).toEqual([{ ticks: 10 }, { ticks: 30 }, { ticks: 50 }]);
    expect(lab.interventions).toEqual(interventions);
    expect(lab.canUndoReset).toBe(false);
  });

  it('no longer offers Undo once the reset run moved on', async () => {
    fake.state = { ...fake.state, tick: 30, timeS: 30 };
    const lab = await ready();
    await lab.reset();
    expect(useConfirmStore().pending).toBeNull();
    expect(lab.canUndoReset).toBe(true);
    await lab.step(5);
    expect(lab.canUndoReset).toBe(false);
    expect(useNoticeStore().notices.some((n) => n.action !== undefined)).toBe(false);
    expect(await lab.undoReset()).toBe(false);
  });
});

describe('a run that stops at its end', () => {
  it('keeps the maps and charts instead of reloading everything', async () => {
    const lab = await ready();
    useFrameStore().applyFrame({
      seq: 1,
      tick: 599,
      timeS: 599,
      running: true,
      host: zeroHostCounters(),
      vms: [zeroVmCounters('web1')],
      log: [],
      samples: [],
      hostMap: { cells: 1 } as never,
      guestMap: null,
    });
    const historyCalls = fake.callsOf('getHistory').length;
    fake.emit('stateChanged', { ...fake.state, tick: 600, timeS: 600, running: false });
    await flushPromises();
    expect(lab.tick).toBe(600);
    expect(useFrameStore().hostMap).not.toBeNull();
    expect(fake.callsOf('getHistory')).toHaveLength(historyCalls);
  });

  it('still starts over for a different session pushed by another window', async () => {
    await ready();
    const historyCalls = fake.callsOf('getHistory').length;
    fake.emit('stateChanged', { ...fake.state, scenario: { ...fake.state.scenario, seed: 7 } });
    await flushPromises();
    expect(fake.callsOf('getHistory')).toHaveLength(historyCalls + 1);
  });
});
