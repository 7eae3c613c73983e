import CRC32 from 'crc-32';

/**
 * The CRC-32 of `bytes` (the IEEE one of zlib, gzip and PNG), unsigned, as a session file's header
 * keeps it for each binary part. Pure JavaScript, which core/ must be: about 1 ms a MiB. The Node
 * side saves and checks parts with node:zlib's crc32, the same function and five times as fast
 * (8 to 11 ms for the 52 MiB of an hour of datacenter-2x, against 45 to 49).
 */
export function partCrc32(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0;
}

/** A function giving {@link partCrc32}'s value: the Node side hands node:zlib's (native) to saves. */
export type PartChecksum = (bytes: Uint8Array) => number;
