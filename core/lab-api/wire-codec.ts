/**
 * Text encoding of lab API messages for the WebSocket bridge. Plain JSON except typed arrays,
 * which JSON would turn into index-keyed objects: they travel as `{"$ta": <type>, "b64": <bytes>}`
 * (little-endian bytes in base64, a third larger than the raw bytes instead of 3-10x as
 * decimal arrays). Pure: runs in Node, a worker and the browser.
 */

const typedArrayTypes = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof typedArrayTypes;
type AnyTypedArray = InstanceType<(typeof typedArrayTypes)[TypedArrayName]>;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const alphabetCodes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
/** Sextet of every byte value of the text, -1 outside the alphabet (non-ASCII bytes too). */
const decodeTable = new Int16Array(256).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeTable[alphabet.charCodeAt(i)] = i;
// Frames carry maps of 100 KiB 30 times a second: the text is built from character codes a
// large chunk at a time, not a string operation per character.
const padCode = 61;
/** Characters per String.fromCharCode call (well under any engine's argument limit). */
const charChunk = 8192;

/** RFC 4648 base64 of `bytes` (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  // A plain array of codes, reused: String.fromCharCode.apply reads it fastest.
  const chunk = new Array<number>(charChunk);
  let text = '';
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk[o++] = alphabetCodes[v >>> 18]!;
    chunk[o++] = alphabetCodes[(v >>> 12) & 63]!;
    chunk[o++] = alphabetCodes[(v >>> 6) & 63]!;
    chunk[o++] = alphabetCodes[v & 63]!;
    if (o === charChunk) {
      text += String.fromCharCode.apply(null, chunk);
      o = 0;
    }
  }
  const rest = n - i;
  if (rest > 0) {
    const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    chunk[o++] = alphabetCodes[v >>> 18]!;
    chunk[o++] = alphabetCodes[(v >>> 12) & 63]!;
    chunk[o++] = rest === 2 ? alphabetCodes[(v >>> 6) & 63]! : padCode;
    chunk[o++] = padCode;
  }
  if (o > 0) text += String.fromCharCode.apply(null, o === charChunk ? chunk : chunk.slice(0, o));
  return text;
}

/** Decodes RFC 4648 base64; throws on any character outside the alphabet or a bad length. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 length must be a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const whole = text.length - (padding > 0 ? 4 : 0);
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    // A code past 255 is looked up by its low byte and refused by the second test.
    const ca = text.charCodeAt(i);
    const cb = text.charCodeAt(i + 1);
    const cc = text.charCodeAt(i + 2);
    const cd = text.charCodeAt(i + 3);
    const a = decodeTable[ca & 255]!;
    const b = decodeTable[cb & 255]!;
    const c = decodeTable[cc & 255]!;
    const d = decodeTable[cd & 255]!;
    if ((a | b | c | d) < 0 || (ca | cb | cc | cd) > 255)
      throw new Error(`invalid base64 character at ${firstInvalid(text, i)}`);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (padding > 0) {
    const i = whole;
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = padding === 2 ? 0 : sextet(text, i + 2);
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >>> 16;
    if (padding === 1) out[o++] = (v >>> 8) & 255;
  }
  return out;
}

function firstInvalid(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (sextetOrNegative(text, i) < 0) return i;
  return from;
}

function sextetOrNegative(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 256 ? decodeTable[code]! : -1;
}

function sextet(text: string, i: number): number {
  const v = sextetOrNegative(text, i);
  if (v < 0) throw new Error(`invalid base64 character at ${i}`);
  return v;
}

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
  return name !== undefined && name in typedArrayTypes ? (name as TypedArrayName) : null;
}

function encodeTypedArray(name: TypedArrayName, value: AnyTypedArray): { $ta: TypedArrayName; b64: string } {
  return { $ta: name, b64: bytesToBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
}

function decodeTypedArray(name: TypedArrayName, b64: string): AnyTypedArray {
  const bytes = base64ToBytes(b64);
  const Ctor = typedArrayTypes[name];
  if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0)
    throw new Error(`${name} byte length ${bytes.length} is not a multiple of ${Ctor.BYTES_PER_ELEMENT}`);
  // A fresh buffer guarantees the alignment the element size needs.
  return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
}

/** Encodes any JSON-like value whose leaves may also be typed arrays. */
export function encodeWire(value: unknown): string {
  // Typed arrays are swapped for envelopes in a walk before stringifying rather than by a
  // replacer, which JSON.stringify would call for every one of a frame's thousands of values.
  return JSON.stringify(withEnvelopes(value));
}

/** `v` with every typed array inside replaced by its envelope; untouched parts are not copied. */
function withEnvelopes(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (ArrayBuffer.isView(v)) {
    const name = typedArrayName(v);
    return name === null ? v : encodeTypedArray(name, v as AnyTypedArray);
  }
  // JSON.stringify calls toJSON (a Date): what it returns is no typed array.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      const encoded = withEnvelopes(item);
      if (encoded !== item) (copy ??= v.slice())[i] = encoded;
    }
    return copy ?? v;
  }
  const o = v as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(o)) {
    const item = o[key];
    const encoded = withEnvelopes(item);
    if (encoded !== item) (copy ??= { ...o })[key] = encoded;
  }
  return copy ?? o;
}

function isTypedArrayEnvelope(v: unknown): v is { $ta: TypedArrayName; b64: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  return (
    keys.length === 2 &&
    typeof o.$ta === 'string' &&
    Object.hasOwn(typedArrayTypes, o.$ta) &&
    typeof o.b64 === 'string'
  );
}

/**
 * Decodes {@link encodeWire} output. Throws SyntaxError on malformed JSON and Error on a
 * malformed typed-array envelope. `__proto__` keys are dropped so decoded objects cannot
 * change their prototype.
 */
export function decodeWire(text: string): unknown {
  // One walk over the parsed tree instead of a reviver: a reviver call per value is the
  // slower half of decoding a frame of counters and samples (thousands of numbers).
  return revive(JSON.parse(text) as unknown);
}

function revive(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'object' && item !== null) v[i] = revive(item);
    }
    return v;
  }
  if (isTypedArrayEnvelope(v)) return decodeTypedArray(v.$ta, v.b64);
  const o = v as Record<string, unknown>;
  // JSON.parse makes "__proto__" an own data property (it cannot set the prototype); drop it.
  if (Object.hasOwn(o, '__proto__')) delete o['__proto__'];
  for (const key of Object.keys(o)) {
    const item = o[key];
    if (typeof item === 'object' && item !== null) o[key] = revive(item);
  }
  return o;
}

/**
 * Upper bound of the encoded length of a typed array of `byteLength` bytes (envelope included),
 * for budgeting frames without encoding them.
 */
export function encodedTypedArrayBytes(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4 + 40;
}
