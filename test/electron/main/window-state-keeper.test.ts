import { describe, expect, it } from 'vitest';
import type { WindowBounds } from '../../../electron/main/window-bounds';
import { WindowStateKeeper } from '../../../electron/main/window-state-keeper';

function window(
  bounds: { x: number; y: number; width: number; height: number },
  maximized = false,
  destroyed = false,
) {
  return { getNormalBounds: () => bounds, isMaximized: () => maximized, isDestroyed: () => destroyed };
}

describe('WindowStateKeeper', () => {
  it('writes captured bounds once, and again only when they change', async () => {
    const writes: WindowBounds[] = [];
    const keeper = new WindowStateKeeper(
      '/state/window-state.json',
      async (_file, bounds) => void writes.push(bounds),
    );
    await keeper.flush();
    keeper.capture(window({ x: 1, y: 2, width: 1000, height: 700 }, true));
    await keeper.flush();
    await keeper.flush();
    keeper.capture(window({ x: 5, y: 2, width: 1000, height: 700 }));
    keeper.capture(window({ x: 9, y: 9, width: 1, height: 1 }, false, true));
    await keeper.flush();
    expect(writes).toEqual([
      { x: 1, y: 2, width: 1000, height: 700, maximized: true },
      { x: 5, y: 2, width: 1000, height: 700, maximized: false },
    ]);
  });

  it('survives a failed write', async () => {
    let calls = 0;
    const keeper = new WindowStateKeeper('/state/window-state.json', async () => {
      calls += 1;
      throw new Error('read-only file system');
    });
    keeper.capture(window({ x: 1, y: 2, width: 1000, height: 700 }));
    const original = console.error;
    console.error = () => undefined;
    try {
      await expect(keeper.flush()).resolves.toBeUndefined();
    } finally {
      console.error = original;
    }
    expect(calls).toBe(1);
  });
});
