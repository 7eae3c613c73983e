/**
 * Which ticks are trace samples, the one rule of every run (core/trace/run-loop.ts), so an
 * export from the app and a CLI run of the same scenario have the same rows: a tick is a sample
 * when it completes a `sampleEveryS` interval of simulated time, and the last tick always is.
 * Tick 0 (nothing simulated yet) is not.
 */
export class SampleClock {
  constructor(
    private readonly tickMs: number,
    private readonly sampleEveryS: number,
    private readonly endTick: number,
  ) {}

  // Whole-number tickMs and sampleEveryS (as the schema requires) make the quotient exact at every
  // boundary; the epsilon only keeps a fractional interval from landing a hair short of one.
  private interval(tick: number): number {
    return Math.floor((tick * this.tickMs) / 1000 / this.sampleEveryS + 1e-9);
  }

  isSampleTick(tick: number): boolean {
    if (tick <= 0) return false;
    return tick >= this.endTick || this.interval(tick) > this.interval(tick - 1);
  }

  /** The first sample tick strictly after `tick` (never past the end). */
  nextAfter(tick: number): number {
    const boundaryMs = (this.interval(tick) + 1) * this.sampleEveryS * 1000;
    let candidate = Math.max(tick + 1, Math.ceil(boundaryMs / this.tickMs - 1e-6));
    while (candidate > tick + 1 && this.isSampleTick(candidate - 1)) candidate--;
    while (candidate < this.endTick && !this.isSampleTick(candidate)) candidate++;
    return Math.min(candidate, this.endTick);
  }
}
