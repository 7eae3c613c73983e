const targetChunkMs = 4;
const maxChunkTicks = 4096;
/** Wall time a paced run may fall behind its schedule and still make up. */
export const maxBehindMs = 1000;

/**
 * Wall-clock pacing of a run (speed = simulated seconds per wall second) and the size of the
 * engine calls between two looks at the clock: grown while calls are quick, shrunk when one
 * is slow, so a big host still yields to commands every few milliseconds.
 */
export class RunPacer {
  private anchorWallMs = 0;
  private anchorTick = 0;
  private chunk = 1;

  constructor(private readonly now: () => number) {}

  get chunkTicks(): number {
    return this.chunk;
  }

  /** Restarts pacing from `tick` now (play, speed change). */
  anchor(tick: number): void {
    this.anchorWallMs = this.now();
    this.anchorTick = tick;
  }

  /**
   * The tick the run should have reached by now at `speed`. A run that fell more than
   * {@link maxBehindMs} behind (`reachedTick`: where it is) is paced on from there as if it had
   * been only that far behind: it catches up a second at most, instead of racing at many times
   * the speed asked for through every second it lost (a costly stretch, a busy machine).
   */
  targetTick(speed: number, tickMs: number, endTick: number, reachedTick: number): number {
    const now = this.now();
    let target = this.anchorTick + Math.floor(((now - this.anchorWallMs) * speed) / tickMs);
    if (((target - reachedTick) * tickMs) / speed > maxBehindMs) {
      this.anchorTick = reachedTick;
      this.anchorWallMs = now - maxBehindMs;
      target = reachedTick + Math.floor((maxBehindMs * speed) / tickMs);
    }
    return Math.min(endTick, target);
  }

  /** Wall milliseconds until `tick` is due at `speed`. */
  msUntilTick(tick: number, speed: number, tickMs: number): number {
    const dueWallMs = this.anchorWallMs + ((tick - this.anchorTick) * tickMs) / speed;
    return Math.max(0, Math.min(1000, dueWallMs - this.now()));
  }

  observeChunk(elapsedMs: number): void {
    if (elapsedMs < targetChunkMs / 2) this.chunk = Math.min(maxChunkTicks, this.chunk * 2);
    else if (elapsedMs > targetChunkMs * 2) this.chunk = Math.max(1, Math.floor(this.chunk / 2));
  }
}
