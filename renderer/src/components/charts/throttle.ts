/**
 * Runs `fn` at most once per `intervalMs`: the first call runs at once, calls during the quiet
 * period collapse into one trailing run. Charts redraw a few times a second however fast
 * frames arrive.
 */
export interface Throttled {
  (): void;
  cancel(): void;
}

export function throttle(
  fn: () => void,
  intervalMs: number,
  clock: () => number = () => performance.now(),
  schedule: (cb: () => void, ms: number) => unknown = (cb, ms) => setTimeout(cb, ms),
  unschedule: (handle: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
): Throttled {
  let last = -Infinity;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    last = clock();
    fn();
  };
  const throttled = (() => {
    if (pending !== null) return;
    const wait = last + intervalMs - clock();
    if (wait <= 0) run();
    else pending = schedule(run, wait);
  }) as Throttled;
  throttled.cancel = () => {
    if (pending !== null) unschedule(pending);
    pending = null;
  };
  return throttled;
}
