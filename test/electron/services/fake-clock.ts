import type { ServiceClock } from '../../../electron/services/session/autosave-clock';

/** A manual clock: time moves only through advance(), which fires due interval callbacks in order. */
export class FakeClock implements ServiceClock {
  private timers = new Map<number, { callback: () => void; intervalMs: number; dueMs: number }>();
  private nextId = 1;

  constructor(public nowMs: number = Date.UTC(2026, 1, 11, 9, 0, 0)) {}

  now(): number {
    return this.nowMs;
  }

  setInterval(callback: () => void, intervalMs: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { callback, intervalMs, dueMs: this.nowMs + intervalMs });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get activeTimers(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const due = [...this.timers.values()]
        .filter((t) => t.dueMs <= end)
        .sort((a, b) => a.dueMs - b.dueMs)[0];
      if (due === undefined) break;
      this.nowMs = due.dueMs;
      due.dueMs += due.intervalMs;
      due.callback();
    }
    this.nowMs = end;
  }
}
