import type { EngineSnapshot } from '../engine/engine-types';
import { SessionError } from './session-error';
import { countRuns, expandRuns, writeRuns } from './word-runs';

/**
 * A checkpoint is an engine snapshot (core/engine/engine-snapshot.ts) as one compact byte
 * string: a JSON skeleton of the small state, then every typed array stored raw, as runs of
 * equal 32-bit words (word, count) or, for page numbers that mostly climb by one, as runs of
 * equal differences. Pages of one kind lie in long runs and page lists climb in steps of one, so a
 * 256 GiB host's half a gigabyte of state shrinks to its page bytes. Typed arrays are written
 * in the platform's byte order; the header records it and a mismatch is refused.
 *
 * Layout: "BLCP", u32 format version, u32 flags (bit 0: little-endian), u32 skeleton bytes,
 * skeleton (UTF-8 JSON), then per array its payload, each padded to 8 bytes.
 */
const magic = 0x50434c42; // "BLCP" read as a little-endian u32
export const checkpointFormatVersion = 1;
const headerBytes = 16;
/** Largest skeleton: the scenario (at most a few MiB of trace workloads) and the small state. */
const maxSkeletonBytes = 64 * 1024 * 1024;
/** Largest number of typed arrays: a few per VM and per share domain. */
const maxArrays = 100_000;
/** Deepest skeleton nesting (state objects nest a handful of levels; scenarios a few more). */
const maxDepth = 64;

const arrayTypes = {
  u8: Uint8Array,
  u16: Uint16Array,
  i16: Int16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
} as const;
type ArrayKind = keyof typeof arrayTypes;
type AnyTypedArray = InstanceType<(typeof arrayTypes)[ArrayKind]>;
type Encoding = 'raw' | 'rle' | 'delta';

interface ArrayEntry {
  kind: ArrayKind;
  length: number;
  encoding: Encoding;
  /** Runs (rle, delta); 0 for raw. */
  runs: number;
}

interface Skeleton {
  engineVersion: string;
  tick: number;
  scenario: unknown;
  state: unknown;
  arrays: ArrayEntry[];
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function corrupt(detail: string): SessionError {
  return new SessionError('corrupt', `The checkpoint is damaged: ${detail}.`);
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

/** JSON text as ASCII bytes: every other character escaped as \uXXXX, which JSON reads back as itself. */
function asciiBytes(json: string): Uint8Array {
  const ascii = json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const out = new Uint8Array(ascii.length);
  for (let i = 0; i < ascii.length; i++) out[i] = ascii.charCodeAt(i);
  return out;
}

/**
 * The platform's text decoder (Node, browsers and Electron all have one; core's types know no
 * platform): a large checkpoint's description is megabytes, which String.fromCharCode over
 * pieces of it took half a second to read.
 */
const asciiDecoder = new (
  globalThis as unknown as { TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string } }
).TextDecoder('latin1');

/** The text of {@link asciiBytes}; a byte past ASCII makes it invalid (JSON.parse then refuses it). */
function asciiText(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) throw new Error('not ASCII');
  // ASCII reads the same in latin1.
  return asciiDecoder.decode(bytes);
}

function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

function skeletonOf(value: unknown, arrays: ArrayBufferView[]): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $num: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === undefined) return { $undef: 1 };
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    if (kindOf(value) === null) throw new Error(`a snapshot holds an unsupported ${value.constructor.name}`);
    arrays.push(value);
    return { $array: arrays.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => skeletonOf(v, arrays));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) throw new Error(`a snapshot holds a key "${k}" that checkpoints reserve`);
    out[k] = skeletonOf(v, arrays);
  }
  return out;
}

/** The bytes of a checkpoint of `snapshot` (see the layout above). */
export function encodeCheckpoint(snapshot: EngineSnapshot): Uint8Array {
  const arrays: ArrayBufferView[] = [];
  const state = skeletonOf(snapshot.state, arrays);
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
  head.setUint32(0, magic, true);
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkEntry(v: unknown, i: number): ArrayEntry {
  if (!isRecord(v)) throw corrupt(`array ${i} has no description`);
  const { kind, length, encoding, runs } = v;
  if (typeof kind !== 'string' || !Object.hasOwn(arrayTypes, kind))
    throw corrupt(`array ${i} has an unknown type`);
  if (encoding !== 'raw' && encoding !== 'rle' && encoding !== 'delta')
    throw corrupt(`array ${i} has an unknown encoding`);
  const whole = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
  if (!whole(length) || !whole(runs) || (encoding === 'raw' ? runs !== 0 : runs > length))
    throw corrupt(`array ${i} has an impossible length or run count`);
  if (length > 0 && encoding !== 'raw' && runs === 0) throw corrupt(`array ${i} has no runs`);
  return { kind: kind as ArrayKind, length, encoding, runs };
}

function readRuns(entry: ArrayEntry, runs: Int32Array, index: number): AnyTypedArray {
  const type = arrayTypes[entry.kind];
  const byteLength = entry.length * type.BYTES_PER_ELEMENT;
  if (byteLength % 4 !== 0) throw corrupt(`array ${index} cannot be stored as runs`);
  const words = new Int32Array(byteLength / 4);
  const n = words.length;
  const w = expandRuns(runs, entry.encoding === 'delta', words);
  if (w < 0) throw corrupt(`array ${index} has a run that does not fit`);
  if (w !== n) throw corrupt(`array ${index} holds ${w} words, expected ${n}`);
  return new type(words.buffer);
}

function rebuild(value: unknown, arrays: AnyTypedArray[], used: boolean[], depth: number): unknown {
  if (depth > maxDepth) throw corrupt(`its state is nested more than ${maxDepth} levels deep`);
  if (Array.isArray(value)) return value.map((v) => rebuild(v, arrays, used, depth + 1));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$array') {
    const i = value['$array'];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= arrays.length || used[i])
      throw corrupt('its state refers to a missing array');
    used[i] = true;
    return arrays[i];
  }
  if (keys.length === 1 && keys[0] === '$num') {
    const n = { '-0': -0, NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity }[String(value['$num'])];
    if (n === undefined) throw corrupt('its state holds an unknown number');
    return n;
  }
  if (keys.length === 1 && keys[0] === '$undef') return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype' || k.startsWith('$'))
      throw corrupt(`its state holds a forbidden key "${k.slice(0, 40)}"`);
    out[k] = rebuild(value[k], arrays, used, depth + 1);
  }
  return out;
}

/**
 * The snapshot a checkpoint holds. Throws SessionError 'corrupt' naming what is wrong when the
 * bytes are not a whole, well-formed checkpoint of this format (truncated, garbage, runs that
 * do not add up, arrays past the end, another byte order); the engine version and scenario are
 * the caller's to compare before restoring. Raw arrays are copies, unless `adopt` says the caller
 * hands `bytes` over (a freshly inflated buffer): they are then views of it, which spares copying
 * the page bytes of a large host.
 */
export function decodeCheckpoint(bytes: Uint8Array, adopt = false): EngineSnapshot {
  if (bytes.byteLength < headerBytes) throw corrupt('it is shorter than its header');
  const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (head.getUint32(0, true) !== magic) throw corrupt('it does not start with a checkpoint header');
  const version = head.getUint32(4, true);
  if (version !== checkpointFormatVersion)
    throw corrupt(`its format ${version} is not format ${checkpointFormatVersion}`);
  if ((head.getUint32(8, true) & 1) !== (littleEndian ? 1 : 0))
    throw corrupt('it was written with another byte order');
  const textBytes = head.getUint32(12, true);
  if (textBytes > maxSkeletonBytes || headerBytes + textBytes > bytes.byteLength)
    throw corrupt('its description runs past the end');
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(asciiText(bytes.subarray(headerBytes, headerBytes + textBytes)));
  } catch {
    throw corrupt('its description is not valid JSON');
  }
  if (!isRecord(skeleton) || !Array.isArray(skeleton['arrays']) || skeleton['arrays'].length > maxArrays)
    throw corrupt('its description has no list of arrays');
  const { engineVersion, tick, scenario } = skeleton;
  if (typeof engineVersion !== 'string' || !Number.isSafeInteger(tick) || (tick as number) < 0)
    throw corrupt('its description has no engine version or tick');
  if (!isRecord(scenario) || !isRecord(skeleton['state'])) throw corrupt('its description has no state');
  const entries = skeleton['arrays'].map(checkEntry);
  const arrays: AnyTypedArray[] = [];
  // Typed arrays need aligned offsets; a misaligned input is copied once.
  const source = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const buffer = source.buffer as ArrayBuffer;
  let at = source.byteOffset + headerBytes + padded(textBytes);
  const end = source.byteOffset + source.byteLength;
  entries.forEach((entry, i) => {
    const type = arrayTypes[entry.kind];
    const size = entry.encoding === 'raw' ? entry.length * type.BYTES_PER_ELEMENT : entry.runs * 8;
    if (at + size > end) throw corrupt(`array ${i} runs past the end`);
    if (entry.encoding === 'raw') {
      arrays.push(adopt ? new type(buffer, at, entry.length) : new type(buffer.slice(at, at + size)));
    } else {
      arrays.push(readRuns(entry, new Int32Array(buffer, at, entry.runs * 2), i));
    }
    at += padded(size);
  });
  if (at !== end) throw corrupt('it has bytes after its last array');
  const used: boolean[] = [];
  const state = rebuild(skeleton['state'], arrays, used, 0) as Record<string, unknown>;
  if (used.filter(Boolean).length !== arrays.length) throw corrupt('it holds arrays its state never uses');
  return { engineVersion, tick: tick as number, scenario: scenario as EngineSnapshot['scenario'], state };
}
