import {
  arrayTypes,
  checkpointFormatVersion,
  checkpointMagic,
  corrupt,
  headerBytes,
  littleEndian,
  maxArrays,
  maxSkeletonBytes,
  padded,
  type AnyTypedArray,
  type ArrayEntry,
  type ArrayKind,
} from './checkpoint-format';
import { asciiText } from './checkpoint-skeleton';
import { expandRuns, runWords } from './word-runs';

/**
 * A checkpoint's bytes (core/session/checkpoint-format.ts) taken apart and checked before any
 * array is read: the header, the description and where each array lies, and that each array's
 * runs fill it exactly. Readers then build only the arrays they need, how they need them.
 */

/** One stored typed array: its description and where its payload (raw bytes or run pairs) starts. */
export interface StoredArray extends ArrayEntry {
  /** Byte offset of its payload in {@link CheckpointParts.buffer}. */
  at: number;
}

/** A checkpoint's parts, checked to be whole and well formed (its arrays' use by the state aside). */
export interface CheckpointParts {
  engineVersion: string;
  tick: number;
  scenario: Record<string, unknown>;
  /** The state's skeleton as parsed, for core/session/checkpoint-skeleton.ts's rebuildState. */
  skeleton: Record<string, unknown>;
  arrays: StoredArray[];
  /** Holds every payload: the input's buffer, or a copy of the input when it was not 8-byte aligned. */
  buffer: ArrayBuffer;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function whole(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

function checkEntry(v: unknown, i: number): ArrayEntry {
  if (!isRecord(v)) throw corrupt(`array ${i} has no description`);
  const { kind, length, encoding, runs } = v;
  if (typeof kind !== 'string' || !Object.hasOwn(arrayTypes, kind))
    throw corrupt(`array ${i} has an unknown type`);
  if (encoding !== 'raw' && encoding !== 'rle' && encoding !== 'delta')
    throw corrupt(`array ${i} has an unknown encoding`);
  if (!whole(length) || !whole(runs) || (encoding === 'raw' ? runs !== 0 : runs > length))
    throw corrupt(`array ${i} has an impossible length or run count`);
  if (length > 0 && encoding !== 'raw' && runs === 0) throw corrupt(`array ${i} has no runs`);
  return { kind: kind as ArrayKind, length, encoding, runs };
}

/** Bytes of the array `entry` describes. */
export function byteLengthOf(entry: ArrayEntry): number {
  return entry.length * arrayTypes[entry.kind].BYTES_PER_ELEMENT;
}

/** The run pairs (word, count) of an array stored as runs. */
export function runsOf(parts: CheckpointParts, stored: StoredArray): Int32Array {
  return new Int32Array(parts.buffer, stored.at, stored.runs * 2);
}

/**
 * The parts of a checkpoint's bytes. Throws SessionError 'corrupt' naming what is wrong when they
 * are not a whole, well-formed checkpoint of this format (truncated, garbage, runs that do not add
 * up, arrays past the end, another byte order), or when its arrays would take more than
 * `maxArrayBytes` once decoded (core/session/checkpoint-array-bound.ts).
 */
export function checkpointParts(bytes: Uint8Array, maxArrayBytes = Infinity): CheckpointParts {
  if (bytes.byteLength < headerBytes) throw corrupt('it is shorter than its header');
  const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (head.getUint32(0, true) !== checkpointMagic)
    throw corrupt('it does not start with a checkpoint header');
  const version = head.getUint32(4, true);
  if (version !== checkpointFormatVersion)
    throw corrupt(`its format ${version} is not format ${checkpointFormatVersion}`);
  if ((head.getUint32(8, true) & 1) !== (littleEndian ? 1 : 0))
    throw corrupt('it was written with another byte order');
  const textBytes = head.getUint32(12, true);
  if (textBytes > maxSkeletonBytes || headerBytes + textBytes > bytes.byteLength)
    throw corrupt('its description runs past the end');
  let description: unknown;
  try {
    description = JSON.parse(asciiText(bytes.subarray(headerBytes, headerBytes + textBytes)));
  } catch {
    throw corrupt('its description is not valid JSON');
  }
  if (
    !isRecord(description) ||
    !Array.isArray(description['arrays']) ||
    description['arrays'].length > maxArrays
  )
    throw corrupt('its description has no list of arrays');
  const { engineVersion, tick, scenario, state } = description;
  if (typeof engineVersion !== 'string' || !Number.isSafeInteger(tick) || (tick as number) < 0)
    throw corrupt('its description has no engine version or tick');
  if (!isRecord(scenario) || !isRecord(state)) throw corrupt('its description has no state');
  const entries = description['arrays'].map(checkEntry);
  const arrayBytes = entries.reduce((n, e) => n + padded(byteLengthOf(e)), 0);
  if (arrayBytes > maxArrayBytes) {
    const mib = (b: number): number => Math.ceil(b / 2 ** 20);
    throw corrupt(
      `its arrays would take ${mib(arrayBytes)} MiB, more than the ${mib(maxArrayBytes)} MiB a checkpoint of this session may hold`,
    );
  }
  // Typed arrays need aligned offsets; a misaligned input is copied once.
  const source = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const buffer = source.buffer as ArrayBuffer;
  const end = source.byteOffset + source.byteLength;
  let at = source.byteOffset + headerBytes + padded(textBytes);
  const arrays = entries.map((entry, i): StoredArray => {
    const size = entry.encoding === 'raw' ? byteLengthOf(entry) : entry.runs * 8;
    if (at + size > end) throw corrupt(`array ${i} runs past the end`);
    if (entry.encoding !== 'raw') {
      // Checked here, so that readers may skip runs (of zeros, or all of them) without missing damage.
      const byteLength = byteLengthOf(entry);
      if (byteLength % 4 !== 0) throw corrupt(`array ${i} cannot be stored as runs`);
      const w = runWords(new Int32Array(buffer, at, entry.runs * 2), byteLength / 4);
      if (w < 0) throw corrupt(`array ${i} has a run that does not fit`);
      if (w !== byteLength / 4) throw corrupt(`array ${i} holds ${w} words, expected ${byteLength / 4}`);
    }
    const stored = { ...entry, at };
    at += padded(size);
    return stored;
  });
  if (at !== end) throw corrupt('it has bytes after its last array');
  return { engineVersion, tick: tick as number, scenario, skeleton: state, arrays, buffer };
}

/**
 * The typed array `stored` holds. Raw: a view of the parts' buffer with `adopt` (the caller gave
 * the bytes up), else a copy. Runs: written into `into` (zeroed words of its size; runs of zeros
 * then left as they are) or a new buffer.
 */
export function readStoredArray(
  parts: CheckpointParts,
  stored: StoredArray,
  adopt: boolean,
  into?: Int32Array<ArrayBuffer>,
): AnyTypedArray {
  const type = arrayTypes[stored.kind];
  const { buffer } = parts;
  const { at } = stored;
  if (stored.encoding === 'raw') {
    const size = byteLengthOf(stored);
    return adopt ? new type(buffer, at, stored.length) : new type(buffer.slice(at, at + size));
  }
  const words = into ?? new Int32Array(byteLengthOf(stored) / 4);
  expandRuns(runsOf(parts, stored), stored.encoding === 'delta', words, into !== undefined);
  return type === Int32Array ? words : new type(words.buffer, words.byteOffset, stored.length);
}
