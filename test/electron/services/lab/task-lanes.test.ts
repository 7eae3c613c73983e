import { describe, expect, it } from 'vitest';
import { TaskLanes } from '../../../../electron/services/lab/task-lanes';

/** A task that ends when told to, recording when it started. */
function held(log: string[], name: string): { task: () => Promise<string>; release: () => void } {
  let release: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      log.push(`${name} starts`);
      await ended;
      log.push(`${name} ends`);
      return name;
    },
    release: () => release(),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('task lanes', () => {
  it('let a jump in time run while a save is in progress, and keep every other task after the save', async () => {
    const lanes = new TaskLanes();
    const log: string[] = [];
    const save = held(log, 'save');
    const saved = lanes.run(save.task, 'save');
    const viewed = lanes.run(async () => (log.push('view'), 'view'), 'view');
    const step = held(log, 'step');
    const stepped = lanes.run(step.task);
    const later = lanes.run(async () => (log.push('view after step'), 'later'), 'view');
    await expect(viewed).resolves.toBe('view');
    await settle();
    expect(log).toEqual(['save starts', 'view']);
    save.release();
    await expect(saved).resolves.toBe('save');
    await settle();
    // The step waited for the save and the jump before it; the jump after it waits for the step.
    expect(log).toEqual(['save starts', 'view', 'save ends', 'step starts']);
    step.release();
    await expect(stepped).resolves.toBe('step');
    await expect(later).resolves.toBe('later');
    expect(log.at(-1)).toBe('view after step');
  });

  it('keep a save after a jump in progress, and a jump after a failed task', async () => {
    const lanes = new TaskLanes();
    const log: string[] = [];
    const view = held(log, 'view');
    const viewed = lanes.run(view.task, 'view');
    const saved = lanes.run(async () => (log.push('save'), 'save'), 'save');
    const failed = lanes.run(() => Promise.reject(new Error('refused')));
    const after = lanes.run(async () => (log.push('view again'), 'again'), 'view');
    await settle();
    expect(log).toEqual(['view starts']);
    view.release();
    await expect(viewed).resolves.toBe('view');
    await expect(saved).resolves.toBe('save');
    await expect(failed).rejects.toThrow('refused');
    await expect(after).resolves.toBe('again');
    expect(log).toEqual(['view starts', 'view ends', 'save', 'view again']);
  });
});
