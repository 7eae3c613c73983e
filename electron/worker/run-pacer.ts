const targetChunkMs = 4;
const maxChunkTicks = 4096;

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

  /** The tick the run should have reached by now at `speed`. */
  targetTick(speed: number, tickMs: number, endTick: number): number {
    const simulatedMs = (this.now() - this.anchorWallMs) * speed;
    return Math.min(endTick, this.anchorTick + Math.floor(simulatedMs / tickMs));
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
