import { totalmem } from 'node:os';

export interface CheckpointPolicy {
  /** Engine work between two checkpoints at least, ms: what a jump replays at most. */
  minWorkMs: number;
  /** And at least this many times what the last checkpoint cost, so taking them stays a small share of the run. */
  costFactor: number;
  /**
   * But at most this much engine work apart, ms, however much they cost (until thinned past the
   * memory budget): a jump replays at most this much, so it stays under 300 ms on a large host.
   * No bound when left out.
   */
  maxWorkMs?: number;
  /** Memory the checkpoints may hold; past it a quarter of them go (checkpoint-thinning.ts) and they are taken less often. */
  maxBytes: number;
}

const GiB = 1024 * 1024 * 1024;

/**
 * Memory the checkpoints may hold on a machine of `totalMemoryBytes`: an eighth of it, from 1.5
 * to 3 GiB. A 256 GiB host's run needs one whole state (about 550 MiB) and 20-60 MiB for every
 * checkpoint after it; at 1.5 GiB they end an hour 400-800 ms of engine work apart (what a jump
 * replays), at 3 GiB about 100 ms.
 */
export function checkpointBudgetBytes(totalMemoryBytes: number): number {
  return Math.min(3 * GiB, Math.max(1.5 * GiB, Math.floor(totalMemoryBytes / 8)));
}

export const defaultCheckpointPolicy: CheckpointPolicy = {
  minWorkMs: 100,
  costFactor: 3,
  maxWorkMs: 150,
  maxBytes: checkpointBudgetBytes(totalmem()),
};
