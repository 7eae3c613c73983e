import type { CheckpointPolicy } from './checkpoint-policy';

/**
 * When the next checkpoint is due: after the engine work the policy asks between two, more when
 * taking one costs more, and more again once thinned.
 */
export class CheckpointPacing {
  /** Engine work since the last checkpoint, ms. */
  workMs = 0;
  private spacingMs: number;
  /** What a checkpoint costs, smoothed (one slow one, a busy moment of the machine, does not set the pace). */
  private costMs = 0;

  constructor(private readonly policy: CheckpointPolicy) {
    this.spacingMs = policy.minWorkMs;
  }

  /** A new run: back to the policy's pace. */
  reset(): void {
    this.workMs = 0;
    this.costMs = 0;
    this.spacingMs = this.policy.minWorkMs;
  }

  /** What taking a checkpoint cost, smoothed. */
  observeCost(costMs: number): void {
    this.costMs = this.costMs === 0 ? costMs : (this.costMs + costMs) / 2;
  }

  /**
   * Engine work between two checkpoints now, ms: what taking them asks for
   * ({@link CheckpointPolicy.costFactor} times what one costs) up to the bound a jump needs, and
   * more once thinned.
   */
  get spacing(): number {
    const paced = Math.min(this.policy.costFactor * this.costMs, this.policy.maxWorkMs ?? Infinity);
    return Math.max(this.spacingMs, paced);
  }

  /** Checkpoints were thinned past the memory budget: they are taken a third less often. */
  slowDown(): void {
    this.spacingMs *= 4 / 3;
  }
}
