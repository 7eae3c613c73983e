import fc from 'fast-check';

/** A typed array of `kind` holding `values`, at byte `offset` of a buffer of its own (aligned or not for bytes). */
export function typedAt(
  kind: number,
  values: readonly number[],
  offset: number,
): Uint8Array | Uint16Array | Int32Array {
  if (kind === 0) {
    const buffer = new ArrayBuffer(offset + values.length);
    const out = new Uint8Array(buffer, offset, values.length);
    out.set(values.map((v) => v & 0xff));
    return out;
  }
  return kind === 1 ? Uint16Array.from(values, (v) => v & 0xffff) : Int32Array.from(values, (v) => v | 0);
}

/** A small state with one typed array, and a newer one, of any lengths and offsets. */
export const smallStatePair = fc
  .record({
    kind: fc.integer({ min: 0, max: 2 }),
    offset: fc.integer({ min: 0, max: 5 }),
    own: fc.array(fc.integer(), { maxLength: 40 }),
    newer: fc.array(fc.integer(), { maxLength: 40 }),
    n: fc.integer(),
  })
  .map(({ kind, offset, own, newer, n }) => ({
    own: { list: typedAt(kind, own, offset), n },
    newer: { list: typedAt(kind, newer, 0), n: n + 1 },
  }));
