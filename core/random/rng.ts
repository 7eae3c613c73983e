import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Saved state of an {@link Rng}: the four 32-bit words of xoroshiro128+. */
export type RngState = readonly number[];

const twoPow32 = 4294967296;
const twoPow53 = 9007199254740992;

/**
 * The one seeded PRNG of a simulation (xoroshiro128+ from pure-rand), mutated in place.
 * Everything random in the engine draws from the instance it is handed, so a scenario and
 * seed always give the same run, and {@link Rng.getState} / {@link Rng.fromState} resume it.
 */
export class Rng {
  private constructor(private gen: RandomGenerator) {}

  static fromSeed(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed | 0));
  }

  static fromState(state: RngState): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  getState(): number[] {
    return [...this.gen.getState()];
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    return this.gen.next() >>> 0;
  }

  /**
   * Uniform integer in [0, n) for 1 <= n <= 2^32, unbiased (rejection of the top remainder).
   * Remainders by floor division, exact below 2^53 and much cheaper than a double `%`: the
   * engine draws page numbers millions of times per simulated hour.
   */
  int(n: number): number {
    if (n <= 1) return 0;
    let r = this.gen.next() >>> 0;
    // The rejection limit (the largest multiple of n up to 2^32) is above 2^32 - n, so only a
    // draw that high needs it: n changes from one draw to the next (a list shrinking as pages
    // are taken), and the division that computes it is the costly part.
    if (r >= twoPow32 - n) {
      const limit = Math.floor(twoPow32 / n) * n;
      while (r >= limit) r = this.gen.next() >>> 0;
    }
    return r - Math.floor(r / n) * n;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / twoPow53;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** A fresh 32-bit seed for a derived deterministic stream (e.g. a bursty workload's schedule). */
  deriveSeed(): number {
    return this.u32();
  }
}
