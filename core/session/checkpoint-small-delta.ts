/**
 * The small state of an earlier checkpoint in a session file (core/session/checkpoint-blocks.ts)
 * as a delta of the next newer one's: every typed array XOR the typed array of the same type at
 * the same place in the newer state, over the length both have (the rest as it is). A run's
 * small state is megabytes of page lists and counters that change little between two
 * checkpoints (lists grow at their end, counters here and there), so the delta is mostly zeros
 * and deflates to a few KiB. XOR undoes itself: the same call with the coded state gives the
 * state back (core/session/checkpoint-small-chain.ts reads a file's without making each).
 */

import { xorInto } from './checkpoint-block-bytes';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

type Typed = Exclude<ArrayBufferView, DataView>;

/** Every byte of `a` is zero (looked at in words where it lies at a multiple of 4: megabytes per checkpoint). */
function allZero(a: Uint8Array): boolean {
  let i = 0;
  if (a.byteOffset % 4 === 0) {
    const words = new Int32Array(a.buffer, a.byteOffset, a.byteLength >>> 2);
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    i = words.length * 4;
  }
  for (; i < a.byteLength; i++) if (a[i] !== 0) return false;
  return true;
}

function xorArrays(own: Typed, newer: Typed, sharing: boolean): Typed {
  const bytes = Math.min(own.byteLength, newer.byteLength);
  const a = new Uint8Array(own.buffer, own.byteOffset, own.byteLength);
  const b = new Uint8Array(newer.buffer, newer.byteOffset, bytes);
  // Decoding: an array that did not change is the newer one's own object, as versions share it.
  if (sharing && own.byteLength === newer.byteLength && allZero(a)) return newer;
  const out = new (own.constructor as new (length: number) => Typed)(
    own.byteLength / (own as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT,
  );
  const o = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  o.set(a);
  xorInto(o, b);
  return out;
}

/**
 * `own` with each typed array XOR the one at its place in `newer` (same type), walking both
 * alike; other values as they are. With `sharing` (decoding) an array equal to the newer one
 * becomes that object. Depth-bounded like the states it walks (the codec bounds nesting).
 */
export function xorSmallState(own: unknown, newer: unknown, sharing = false): unknown {
  if (ArrayBuffer.isView(own) && !(own instanceof DataView)) {
    const n = newer as Typed;
    return ArrayBuffer.isView(n) && n.constructor === own.constructor
      ? xorArrays(own as Typed, n, sharing)
      : own;
  }
  if (Array.isArray(own))
    return own.map((x, i) => xorSmallState(x, Array.isArray(newer) ? newer[i] : undefined, sharing));
  if (isRecord(own)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(own))
      out[k] = xorSmallState(x, isRecord(newer) ? newer[k] : undefined, sharing);
    return out;
  }
  return own;
}
