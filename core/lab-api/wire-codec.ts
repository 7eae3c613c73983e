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
const decodeTable = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeTable[alphabet.charCodeAt(i)] = i;

/** RFC 4648 base64 of `bytes` (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list short and the string building linear.
  const chunkBytes = 3 * 4096;
  for (let start = 0; start < bytes.length; start += chunkBytes) {
    const end = Math.min(start + chunkBytes, bytes.length);
    const codes: number[] = [];
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      codes.push(
        alphabet.charCodeAt(n >>> 18),
        alphabet.charCodeAt((n >>> 12) & 63),
        alphabet.charCodeAt((n >>> 6) & 63),
        alphabet.charCodeAt(n & 63),
      );
    }
    const rest = end - i;
    if (rest === 1) {
      const n = bytes[i]! << 16;
      codes.push(alphabet.charCodeAt(n >>> 18), alphabet.charCodeAt((n >>> 12) & 63), 61, 61);
    } else if (rest === 2) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      codes.push(
        alphabet.charCodeAt(n >>> 18),
        alphabet.charCodeAt((n >>> 12) & 63),
        alphabet.charCodeAt((n >>> 6) & 63),
        61,
      );
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Decodes RFC 4648 base64; throws on any character outside the alphabet or a bad length. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 length must be a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const lastQuad = i + 4 === text.length;
    const c = lastQuad && padding === 2 ? 0 : sextet(text, i + 2);
    const d = lastQuad && padding >= 1 ? 0 : sextet(text, i + 3);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const v = code < 128 ? decodeTable[code]! : -1;
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
  return JSON.stringify(value, (_key, v: unknown) => {
    const name = typedArrayName(v);
    return name === null ? v : encodeTypedArray(name, v as AnyTypedArray);
  });
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
  return JSON.parse(text, (key, v: unknown) => {
    if (key === '__proto__') return undefined;
    return isTypedArrayEnvelope(v) ? decodeTypedArray(v.$ta, v.b64) : v;
  });
}

/**
 * Upper bound of the encoded length of a typed array of `byteLength` bytes (envelope included),
 * for budgeting frames without encoding them.
 */
export function encodedTypedArrayBytes(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4 + 40;
}
