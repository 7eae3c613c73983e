/** Arrays smaller than this (bytes) are always fresh: only the big ones cost page faults and full GCs. */
export const minRecycledBytes = 64 * 1024;

/** Takes a buffer from the recycler lending on this thread; null when none is (every array is fresh). */
let lender: ((bytes: number) => ArrayBuffer) | null = null;

/**
 * Lends the big typed-array buffers of one run to the next run on the same thread. A run
 * allocates tens of MiB of typed arrays (page stacks, guest page bytes, machine cells); fresh
 * ones are zero-filled by the kernel page by page, and their external memory makes V8 run a
 * full GC about once a run. Reused ones are zero-filled here instead, so a run sees exactly the
 * arrays a fresh engine would.
 *
 * Only for engines that nothing keeps after the run (a sweep run folded into its summary): the
 * arrays go back to the recycler when {@link lendDuring} returns, whatever still points at them.
 * One thread, synchronous runs only.
 */
export class ArrayRecycler {
  /** Buffers free for the next run, by byte length. */
  private free = new Map<number, ArrayBuffer[]>();
  /** Buffers given out during the current run. */
  private lent: ArrayBuffer[] = [];
  private reused = 0;

  /** Bytes of the last (or current) run's arrays that were reused rather than allocated. */
  get reusedBytes(): number {
    return this.reused;
  }

  /**
   * Runs `run` with its big arrays taken from this recycler; when it returns (or throws) they
   * all come back. Buffers the run did not use are dropped, so the recycler keeps at most one
   * run's arrays (a sweep over memory sizes does not pile up arrays of every size).
   */
  lendDuring<R>(run: () => R): R {
    if (lender !== null) throw new Error('an array recycler is already lending on this thread');
    lender = (bytes) => this.take(bytes);
    this.reused = 0;
    try {
      return run();
    } finally {
      lender = null;
      const free = new Map<number, ArrayBuffer[]>();
      for (const buffer of this.lent) {
        const list = free.get(buffer.byteLength);
        if (list === undefined) free.set(buffer.byteLength, [buffer]);
        else list.push(buffer);
      }
      this.free = free;
      this.lent = [];
    }
  }

  /**
   * A zero-filled buffer of `bytes`: a free one of that length when there is one, else a new
   * one. A run whose sizes differ from the last one's (a sweep over memory sizes) misses: the
   * free buffers are dropped then, so that the thread never holds two runs' arrays at once.
   */
  private take(bytes: number): ArrayBuffer {
    const buffer = this.free.get(bytes)?.pop();
    if (buffer === undefined) {
      this.free.clear();
      const fresh = new ArrayBuffer(bytes);
      this.lent.push(fresh);
      return fresh;
    }
    new Uint8Array(buffer).fill(0);
    this.reused += bytes;
    this.lent.push(buffer);
    return buffer;
  }
}

/** A buffer for a zero-filled array of `bytes`, from the lending recycler when the array is big, else null. */
function lentBuffer(bytes: number): ArrayBuffer | null {
  return lender !== null && bytes >= minRecycledBytes ? lender(bytes) : null;
}

/** `new Uint8Array(length)`, its buffer lent by the thread's recycler when there is one. */
export function zeroedUint8Array(length: number): Uint8Array<ArrayBuffer> {
  const buffer = lentBuffer(length);
  return buffer === null ? new Uint8Array(length) : new Uint8Array(buffer);
}

/** `new Uint16Array(length)`, its buffer lent by the thread's recycler when there is one. */
export function zeroedUint16Array(length: number): Uint16Array<ArrayBuffer> {
  const buffer = lentBuffer(length * 2);
  return buffer === null ? new Uint16Array(length) : new Uint16Array(buffer);
}

/** `new Int16Array(length)`, its buffer lent by the thread's recycler when there is one. */
export function zeroedInt16Array(length: number): Int16Array<ArrayBuffer> {
  const buffer = lentBuffer(length * 2);
  return buffer === null ? new Int16Array(length) : new Int16Array(buffer);
}

/** `new Int32Array(length)`, its buffer lent by the thread's recycler when there is one. */
export function zeroedInt32Array(length: number): Int32Array<ArrayBuffer> {
  const buffer = lentBuffer(length * 4);
  return buffer === null ? new Int32Array(length) : new Int32Array(buffer);
}
