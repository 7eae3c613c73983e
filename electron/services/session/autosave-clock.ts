/** Wall time and timers, injected so autosave, recovery and the recent list can be tested with a fake clock. */
export interface ServiceClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setInterval(callback: () => void, intervalMs: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The real clock. Timers are unref'd: an autosave never keeps a process alive on its own. */
export const systemClock: ServiceClock = {
  now: () => Date.now(),
  setInterval: (callback, intervalMs) => {
    const handle = setInterval(callback, intervalMs);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function isoAt(clock: ServiceClock): string {
  return new Date(clock.now()).toISOString();
}
