/**
 * A two-level bitmap over chunk indices answering "first set chunk at or after c" in
 * O(words / 32) instead of O(chunks): the summary level marks which 32-bit words are non-zero.
 */
export class ChunkBits {
  readonly words: Uint32Array;
  readonly summary: Uint32Array;

  constructor(
    readonly size: number,
    words?: Uint32Array,
    summary?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array(Math.ceil(size / 32));
    this.summary = summary ?? new Uint32Array(Math.ceil(this.words.length / 32));
  }

  set(c: number): void {
    const w = c >>> 5;
    const before = this.words[w]!;
    this.words[w] = before | (1 << (c & 31));
    if (before === 0) this.summary[w >>> 5]! |= 1 << (w & 31);
  }

  clear(c: number): void {
    const w = c >>> 5;
    const after = this.words[w]! & ~(1 << (c & 31));
    this.words[w] = after;
    if (after === 0) this.summary[w >>> 5]! &= ~(1 << (w & 31));
  }

  /** First set index >= c, or -1. */
  next(c: number): number {
    if (c >= this.size) return -1;
    let w = c >>> 5;
    const first = this.words[w]! & (~0 << (c & 31));
    if (first !== 0) return (w << 5) + ctz(first);
    w++;
    // Whole words: walk the summary to the next non-zero word.
    let s = w >>> 5;
    if (s >= this.summary.length) return -1;
    let bits = this.summary[s]! & (w & 31 ? ~0 << (w & 31) : ~0);
    while (bits === 0) {
      s++;
      if (s >= this.summary.length) return -1;
      bits = this.summary[s]!;
    }
    const word = (s << 5) + ctz(bits);
    return (word << 5) + ctz(this.words[word]!);
  }
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}
