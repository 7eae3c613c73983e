import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partCrc32 } from '../../../core/session/part-crc32';

describe('partCrc32', () => {
  it('is the standard CRC-32, unsigned', () => {
    // The check value of CRC-32/ISO-HDLC, the one zlib, gzip and PNG use.
    expect(partCrc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(partCrc32(new Uint8Array(0))).toBe(0);
    expect(partCrc32(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBe(0xffffffff);
  });

  it("is node:zlib's crc32 (which the Node side checks parts with) on any bytes, views included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), (bytes, cut) => {
        const view = bytes.subarray(cut % (bytes.length + 1));
        expect(partCrc32(view)).toBe(crc32(view));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
