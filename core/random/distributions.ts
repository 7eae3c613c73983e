import type { Rng } from './rng';

/** Standard normal deviate (Box-Muller; one of the pair is discarded so no hidden state is kept). */
export function normal(rng: Rng): number {
  let u = rng.float();
  while (u <= 0) u = rng.float();
  const v = rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Exponential deviate with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng.float());
}

/**
 * Number of successes in `n` independent trials of probability `p`.
 * Exact (waiting-time inversion) while the mean is below 30, which covers the rare events
 * the engine draws per tick; above that the normal approximation with continuity
 * correction is within a fraction of a percent of the exact distribution's quantiles.
 * Cost O(min(np, 30)), never O(n).
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean < 30) {
    // Sum geometric gaps between successes until they pass n trials.
    const logQ = Math.log1p(-p);
    let successes = 0;
    let trials = 0;
    for (;;) {
      const u = 1 - rng.float();
      trials += Math.floor(Math.log(u) / logQ) + 1;
      if (trials > n) return successes;
      successes++;
    }
  }
  const x = Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(rng));
  return x < 0 ? 0 : x > n ? n : x;
}

/** Poisson deviate with mean `lambda` (exact below 30, normal approximation above). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let prod = rng.float();
    while (prod > limit) {
      k++;
      prod *= rng.float();
    }
    return k;
  }
  const x = Math.round(lambda + Math.sqrt(lambda) * normal(rng));
  return x < 0 ? 0 : x;
}

/**
 * Whole part of an accumulating fractional rate: adds `amount` to the carried remainder and
 * returns how many whole units are due now, leaving the rest in `carry[index]`. Keeps
 * per-tick rates exact over time without randomness.
 */
export function takeWhole(carry: number[], index: number, amount: number): number {
  const total = carry[index]! + amount;
  const whole = Math.floor(total);
  carry[index] = total - whole;
  return whole;
}
