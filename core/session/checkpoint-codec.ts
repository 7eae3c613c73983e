import type { EngineSnapshot } from '../engine/engine-types';
import {
  arrayTypes,
  checkpointFormatVersion,
  checkpointMagic,
  headerBytes,
  littleEndian,
  padded,
  type ArrayEntry,
  type ArrayKind,
} from './checkpoint-format';
import { byteLengthOf, checkpointParts, readStoredArray } from './checkpoint-parts';
import { asciiBytes, rebuildState, skeletonOf } from './checkpoint-skeleton';
import { countRuns, writeRuns } from './word-runs';

/**
 * A checkpoint is an engine snapshot (core/engine/engine-snapshot.ts) as one compact byte
 * string (core/session/checkpoint-format.ts): a JSON skeleton of the small state, then every
 * typed array stored raw, as runs of equal 32-bit words or of equal differences. Pages of one
 * kind lie in long runs and page lists climb in steps of one, so a 256 GiB host's half a
 * gigabyte of state shrinks to its page bytes.
 */

interface Skeleton {
  engineVersion: string;
  tick: number;
  scenario: unknown;
  state: unknown;
  arrays: ArrayEntry[];
}

function kindOf(value: ArrayBufferView): ArrayKind | null {
  for (const [kind, type] of Object.entries(arrayTypes)) if (value instanceof type) return kind as ArrayKind;
  return null;
}

/** The words of an integer array whose bytes come in whole, aligned words; null otherwise. */
function wordsOf(view: ArrayBufferView, kind: ArrayKind): Int32Array | null {
  if (kind === 'f64' || view.byteLength % 4 !== 0 || view.byteOffset % 4 !== 0) return null;
  return new Int32Array(view.buffer, view.byteOffset, view.byteLength / 4);
}

/** The bytes of a checkpoint of `snapshot` (see the layout above). */
export function encodeCheckpoint(snapshot: EngineSnapshot): Uint8Array {
  const arrays: ArrayBufferView[] = [];
  const state = skeletonOf(snapshot.state, arrays, (view) => kindOf(view) !== null);
  const entries: ArrayEntry[] = arrays.map((view) => {
    const kind = kindOf(view)!;
    const length = view.byteLength / arrayTypes[kind].BYTES_PER_ELEMENT;
    const words = wordsOf(view, kind);
    // A run costs 8 bytes: worth it only well below the raw size.
    const limit = Math.floor(view.byteLength / 32);
    if (words !== null && words.length > 0) {
      const rle = countRuns(words, false, limit);
      if (rle <= limit) return { kind, length, encoding: 'rle', runs: rle };
      if (kind === 'i32' || kind === 'u32') {
        const delta = countRuns(words, true, limit);
        if (delta <= limit) return { kind, length, encoding: 'delta', runs: delta };
      }
    }
    return { kind, length, encoding: 'raw', runs: 0 };
  });
  const skeleton: Skeleton = {
    engineVersion: snapshot.engineVersion,
    tick: snapshot.tick,
    scenario: snapshot.scenario,
    state,
    arrays: entries,
  };
  const text = asciiBytes(JSON.stringify(skeleton));
  let total = headerBytes + padded(text.length);
  entries.forEach((e, i) => {
    total += padded(e.encoding === 'raw' ? arrays[i]!.byteLength : e.runs * 8);
  });
  const out = new Uint8Array(total);
  const head = new DataView(out.buffer);
  head.setUint32(0, checkpointMagic, true);
  head.setUint32(4, checkpointFormatVersion, true);
  head.setUint32(8, littleEndian ? 1 : 0, true);
  head.setUint32(12, text.length, true);
  out.set(text, headerBytes);
  let at = headerBytes + padded(text.length);
  entries.forEach((e, i) => {
    const view = arrays[i]!;
    if (e.encoding === 'raw') {
      out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), at);
      at += padded(view.byteLength);
    } else {
      const words = wordsOf(view, e.kind)!;
      writeRuns(words, e.encoding === 'delta', new Int32Array(out.buffer, at, e.runs * 2));
      at += padded(e.runs * 8);
    }
  });
  return out;
}

/**
 * The snapshot a checkpoint holds. Throws SessionError 'corrupt' naming what is wrong when the
 * bytes are not a whole, well-formed checkpoint of this format (truncated, garbage, runs that
 * do not add up, arrays past the end, another byte order); the engine version and scenario are
 * the caller's to compare before restoring. Raw arrays are copies, unless `adopt` says the caller
 * hands `bytes` over (a freshly inflated buffer): they are then views of it, which spares copying
 * the page bytes of a large host. With `shareRuns` the arrays stored as runs are views of one
 * buffer too, whose runs of zeros are never written (an index of a hundred checkpoints holds
 * thousands of arrays of references, mostly zeros: one allocation each, and the collections that
 * set off, were most of reading it); for arrays kept together as long as the snapshot.
 * `maxArrayBytes`: what its arrays may take (core/session/checkpoint-array-bound.ts); more is
 * refused as 'corrupt' before anything is allocated.
 */
export function decodeCheckpoint(
  bytes: Uint8Array,
  adopt = false,
  shareRuns = false,
  maxArrayBytes = Infinity,
): EngineSnapshot {
  const parts = checkpointParts(bytes, maxArrayBytes);
  const { arrays } = parts;
  let into: ((words: number) => Int32Array<ArrayBuffer>) | undefined;
  if (shareRuns) {
    let total = 0;
    for (const stored of arrays) if (stored.encoding !== 'raw') total += padded(byteLengthOf(stored));
    const shared = new ArrayBuffer(total);
    let to = 0;
    into = (words) => {
      const view = new Int32Array(shared, to, words);
      to += padded(words * 4);
      return view;
    };
  }
  const state = rebuildState(parts.skeleton, arrays.length, (i) => {
    const stored = arrays[i]!;
    const shared = stored.encoding === 'raw' ? undefined : into?.(byteLengthOf(stored) / 4);
    return readStoredArray(parts, stored, adopt, shared);
  });
  const scenario = parts.scenario as unknown as EngineSnapshot['scenario'];
  return { engineVersion: parts.engineVersion, tick: parts.tick, scenario, state };
}
