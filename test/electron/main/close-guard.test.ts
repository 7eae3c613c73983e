import type { MessageBoxOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createCloseGuard } from '../../../electron/main/close-guard';
import { createFakeLabHost, fakeState } from './fake-lab-host';

function setup(response: number, dirty = true) {
  const host = createFakeLabHost();
  host.state = fakeState('basics', null, dirty);
  const boxes: MessageBoxOptions[] = [];
  const guard = createCloseGuard({
    host: () => host,
    showMessageBox: async (box) => {
      boxes.push(box);
      return { response, checkboxChecked: false };
    },
  });
  guard.note({ name: 'basics', location: null, dirty });
  return { host, boxes, guard };
}

describe('close guard', () => {
  it('lets a clean session close without a question', async () => {
    const { guard, boxes } = setup(2, false);
    expect(guard.needed).toBe(false);
    expect(await guard.ask()).toBe(true);
    expect(boxes).toEqual([]);
  });

  it('asks before unsaved work goes: Save, Don’t Save or Cancel', async () => {
    const { guard, boxes } = setup(2);
    expect(guard.needed).toBe(true);
    expect(await guard.ask()).toBe(false);
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.message).toContain('“basics”');
    expect(boxes[0]!.buttons).toEqual(['Save', 'Don’t Save', 'Cancel']);
    expect(guard.needed).toBe(true);
  });

  it('closes without saving on Don’t Save, and asks no more', async () => {
    const { guard, host } = setup(1);
    expect(await guard.ask()).toBe(true);
    expect(host.calls.map((c) => c.method)).toEqual(['getState']);
    expect(guard.needed).toBe(false);
  });

  it('saves on Save and closes only when the save went through', async () => {
    const saved = setup(0);
    saved.host.answers.saveSession = () => ({ name: 'basics', location: '/tmp/b.balloonlab', dirty: false });
    expect(await saved.guard.ask()).toBe(true);
    expect(saved.host.calls.map((c) => c.method)).toEqual(['getState', 'saveSession']);

    const cancelled = setup(0);
    cancelled.host.answers.saveSession = () => null;
    expect(await cancelled.guard.ask()).toBe(false);

    const failed = setup(0);
    failed.host.answers.saveSession = () => {
      throw new Error('disk full');
    };
    expect(await failed.guard.ask()).toBe(false);
  });

  it('asks once for two closes in a row, and again after new unsaved work', async () => {
    const { guard, boxes } = setup(1);
    const [a, b] = await Promise.all([guard.ask(), guard.ask()]);
    expect([a, b]).toEqual([true, true]);
    expect(boxes).toHaveLength(1);
    guard.note({ name: 'basics', location: null, dirty: false });
    guard.note({ name: 'basics', location: null, dirty: true });
    expect(guard.needed).toBe(true);
  });

  it('never blocks a close when the lab cannot answer', async () => {
    const { guard, host, boxes } = setup(2);
    host.answers.getState = () => {
      throw new Error('engine still loading');
    };
    expect(await guard.ask()).toBe(true);
    expect(boxes).toEqual([]);
  });
});
