/** What an exclusive task does to the run: moves or replaces it, only reads it (a save), or shows another moment of it. */
export type TaskLane = 'move' | 'save' | 'view';

/**
 * The lab's exclusive tasks, each run after the earlier ones so that two clients cannot
 * interleave loads, steps, saves and jumps; except that a jump in time (`view`) does not wait
 * for a save in progress, which only reads the run: the first save of a large host compresses
 * its checkpoints for ten seconds and more, and the timeline must answer meanwhile. A task
 * after the jump still waits for both.
 */
export class TaskLanes {
  /** Every task so far, saves too. */
  private all: Promise<unknown> = Promise.resolve();
  /** Every task so far but saves. */
  private moves: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>, lane: TaskLane = 'move'): Promise<T> {
    const run = (lane === 'view' ? this.moves : this.all).catch(() => undefined).then(task);
    const done = run.catch(() => undefined);
    this.all = lane === 'view' ? Promise.all([this.all, done]) : done;
    if (lane !== 'save') this.moves = done;
    return run;
  }
}
