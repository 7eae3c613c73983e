import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  decodeWire,
  encodeWire,
  encodedTypedArrayBytes,
} from '../../../core/lab-api/wire-codec';

describe('wire codec', () => {
  it('base64 matches Node Buffer for any bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
        const b64 = bytesToBase64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect([...base64ToBytes(b64)]).toEqual([...bytes]);
      }),
    );
  });

  it('base64 is exact at the lengths where its text fills whole chunks of 8192 characters', () => {
    for (const length of [6141, 6142, 6143, 6144, 6145, 12_286, 12_287, 12_288, 12_289]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 2_654_435_761) >>> 24);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    }
  });

  it('rejects malformed base64', () => {
    expect(() => base64ToBytes('abc')).toThrow(/multiple of 4/);
    expect(() => base64ToBytes('ab!d')).toThrow(/invalid base64/);
  });

  it('typed arrays of every kind survive a round trip with type and values', () => {
    const value = {
      counts: new Uint32Array([0, 1, 4_294_967_295, 77]),
      owner: new Int16Array([-2, -1, 0, 32_767]),
      f64: new Float64Array([Math.PI, -0.5, 1e-300]),
      f32: new Float32Array([1.5, -2.25]),
      u8: new Uint8Array([1, 2, 3, 4, 5]),
      nested: [{ map: new Uint16Array([9, 8]) }],
      text: 'plain',
    };
    const back = decodeWire(encodeWire(value)) as typeof value;
    expect(back.counts).toBeInstanceOf(Uint32Array);
    expect([...back.counts]).toEqual([0, 1, 4_294_967_295, 77]);
    expect(back.owner).toBeInstanceOf(Int16Array);
    expect([...back.owner]).toEqual([-2, -1, 0, 32_767]);
    expect([...back.f64]).toEqual([Math.PI, -0.5, 1e-300]);
    expect([...back.f32]).toEqual([1.5, -2.25]);
    expect(back.nested[0]!.map).toBeInstanceOf(Uint16Array);
    expect(back.text).toBe('plain');
  });

  it('a typed array view into a larger buffer encodes only its own bytes', () => {
    const big = new Uint32Array([1, 2, 3, 4, 5, 6]);
    const view = big.subarray(2, 4);
    const back = decodeWire(encodeWire({ view })) as { view: Uint32Array };
    expect([...back.view]).toEqual([3, 4]);
  });

  it('plain JSON values round-trip unchanged', () => {
    // Keys named __proto__ are dropped on purpose (the test below); fast-check generates some.
    const plain = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"'));
    fc.assert(
      fc.property(plain, (value) => {
        const back = decodeWire(encodeWire(value));
        expect(back).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('is compact: a 64 KiB typed array costs about 4/3 of its bytes', () => {
    const counts = new Uint32Array(16_384).map((_, i) => i * 7919);
    const text = encodeWire({ counts });
    expect(text.length).toBeLessThan(65_536 * 1.34 + 60);
    expect(text.length).toBeLessThanOrEqual(encodedTypedArrayBytes(counts.byteLength) + 12);
  });

  it('__proto__ keys cannot change the prototype of decoded objects', () => {
    const back = decodeWire('{"a":{"__proto__":{"polluted":true}}}') as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.a)).toBe(Object.prototype);
    expect((back.a as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a forged envelope with a bad length is an error, not a garbage array', () => {
    expect(() => decodeWire('{"x":{"$ta":"Uint32Array","b64":"AAE="}}')).toThrow(/multiple of 4/);
    // An object with extra keys is left as it is.
    expect(decodeWire('{"x":{"$ta":"Uint8Array","b64":"AA==","y":1}}')).toEqual({
      x: { $ta: 'Uint8Array', b64: 'AA==', y: 1 },
    });
  });

  it('encoding leaves the value alone and agrees with JSON.stringify where there are no typed arrays', () => {
    const counts = new Uint16Array([1, 2, 3]);
    const value = { at: new Date(0), list: [1, 'a', null, { counts }], skip: undefined, deep: { n: 1 } };
    const text = encodeWire(value);
    expect(value.list[3]).toEqual({ counts });
    expect((value.list[3] as { counts: unknown }).counts).toBe(counts);
    const back = decodeWire(text) as { at: string; list: unknown[]; deep: unknown };
    expect(back.at).toBe('1970-01-01T00:00:00.000Z');
    expect(back.list[3]).toEqual({ counts });
    expect('skip' in back).toBe(false);
    expect(encodeWire({ plain: [1, { a: 'b' }] })).toBe(JSON.stringify({ plain: [1, { a: 'b' }] }));
  });

  it('a hostile, deeply nested message is an error, not a crash', () => {
    const depth = 200_000;
    expect(() => decodeWire('['.repeat(depth) + ']'.repeat(depth))).toThrow();
    expect(() => decodeWire('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))).toThrow();
  });

  it('names where a non-alphabet character sits, in the middle or beyond ASCII', () => {
    expect(() => base64ToBytes('AAAAAA=A')).toThrow(/at 6/);
    expect(() => base64ToBytes('AAAAé===')).toThrow(/at 4/);
    expect(() => base64ToBytes('AA==AAAA')).toThrow(/at 2/);
  });
});
