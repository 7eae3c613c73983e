import { corrupt } from './checkpoint-format';

/**
 * A checkpoint's skeleton (core/session/checkpoint-codec.ts): its state as JSON, each typed array
 * replaced by `{ $array: n }` (stored apart, in the order met), and the numbers and `undefined`
 * JSON has no word for as `{ $num }` and `{ $undef }`. Written as ASCII, every other character
 * escaped, so its bytes are its characters.
 */

/** Deepest skeleton nesting (state objects nest a handful of levels; scenarios a few more). */
const maxDepth = 64;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object made by JSON.parse or an object literal (not a typed array, list or other class's). */
export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * `value` as a skeleton, its typed arrays pushed to `arrays`; `supported` says which typed arrays
 * a checkpoint can hold. Throws on a key starting with `$` (the skeleton's own).
 */
export function skeletonOf(
  value: unknown,
  arrays: ArrayBufferView[],
  supported: (view: ArrayBufferView) => boolean,
): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $num: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === undefined) return { $undef: 1 };
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    if (!supported(value)) throw new Error(`a snapshot holds an unsupported ${value.constructor.name}`);
    arrays.push(value);
    return { $array: arrays.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => skeletonOf(v, arrays, supported));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) throw new Error(`a snapshot holds a key "${k}" that checkpoints reserve`);
    out[k] = skeletonOf(v, arrays, supported);
  }
  return out;
}

/** JSON text as ASCII bytes: every other character escaped as \uXXXX, which JSON reads back as itself. */
export function asciiBytes(json: string): Uint8Array {
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

/** A character no byte of ASCII decodes to (every byte past ASCII decodes to one). */
const pastAscii = /[^\u0000-\u007f]/;

/** The text of {@link asciiBytes}; a byte past ASCII makes it invalid (JSON.parse then refuses it). */
export function asciiText(bytes: Uint8Array): string {
  // ASCII reads the same in latin1. Looked for in the text: a loop over the bytes, run once when
  // a file is opened, took tens of ms for the megabyte of an index's description.
  const text = asciiDecoder.decode(bytes);
  if (pastAscii.test(text)) throw new Error('not ASCII');
  return text;
}

/** The numbers a skeleton spells out (`{ $num }`); a lookup in an object literal would also find its prototype's keys. */
function spelledNumber(name: unknown): number | undefined {
  switch (name) {
    case '-0':
      return -0;
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/**
 * The typed array for `{ $array: index }`, given what stands at its place in `newer` (the state
 * the caller walks alongside, or undefined).
 */
export type ArrayAt = (index: number, newer: unknown) => unknown;

/**
 * The state a skeleton (freshly parsed, the caller's to spend) stands for, made in place: its
 * objects and lists are the parsed ones, each `{ $array }` what `arrayAt` gives for it and for
 * the value at the same place in `newer` (walked alike where it has the same shape). Every one of
 * `arrays` arrays must be used exactly once. Throws SessionError 'corrupt' on nesting deeper
 * than a state's, a missing or reused array, an unknown number or a reserved key. In place: a
 * copy of every object of a state was garbage for each of a hundred checkpoints built.
 */
export function rebuildState(
  skeleton: Record<string, unknown>,
  arrays: number,
  arrayAt: ArrayAt,
  newer?: unknown,
): Record<string, unknown> {
  const used = new Uint8Array(arrays);
  let usedCount = 0;
  const rebuild = (value: unknown, above: unknown, depth: number): unknown => {
    if (depth > maxDepth) throw corrupt(`its state is nested more than ${maxDepth} levels deep`);
    if (Array.isArray(value)) {
      const list = Array.isArray(above) ? above : undefined;
      for (let i = 0; i < value.length; i++) value[i] = rebuild(value[i], list?.[i], depth + 1);
      return value;
    }
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0];
      if (key === '$array') {
        const i = value['$array'];
        if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= arrays || used[i] === 1)
          throw corrupt('its state refers to a missing array');
        used[i] = 1;
        usedCount++;
        return arrayAt(i, above);
      }
      if (key === '$num') {
        const n = spelledNumber(value['$num']);
        if (n === undefined) throw corrupt('its state holds an unknown number');
        return n;
      }
      if (key === '$undef') return undefined;
    }
    const record = isPlainRecord(above) ? above : undefined;
    for (const k of keys) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype' || k.startsWith('$'))
        throw corrupt(`its state holds a forbidden key "${k.slice(0, 40)}"`);
      value[k] = rebuild(value[k], record?.[k], depth + 1);
    }
    return value;
  };
  const state = rebuild(skeleton, newer, 0) as Record<string, unknown>;
  if (usedCount !== arrays) throw corrupt('it holds arrays its state never uses');
  return state;
}
