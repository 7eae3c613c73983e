import { SessionError } from './session-error';

/**
 * The byte layout of a checkpoint (core/session/checkpoint-codec.ts writes and reads it): an
 * engine snapshot as a JSON skeleton of its state (core/session/checkpoint-skeleton.ts), then
 * every typed array stored raw, as runs of equal 32-bit words (word, count) or, for page numbers
 * that mostly climb by one, as runs of equal differences. Typed arrays are written in the
 * platform's byte order; the header records it and a mismatch is refused.
 *
 * Layout: "BLCP", u32 format version, u32 flags (bit 0: little-endian), u32 skeleton bytes,
 * skeleton (ASCII JSON), then per array its payload, each padded to 8 bytes.
 */
export const checkpointMagic = 0x50434c42; // "BLCP" read as a little-endian u32
export const checkpointFormatVersion = 1;
export const headerBytes = 16;
/** Largest skeleton: the scenario (at most a few MiB of trace workloads) and the small state. */
export const maxSkeletonBytes = 64 * 1024 * 1024;
/** Largest number of typed arrays: a few per VM and per share domain. */
export const maxArrays = 100_000;

export const arrayTypes = {
  u8: Uint8Array,
  u16: Uint16Array,
  i16: Int16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
} as const;
export type ArrayKind = keyof typeof arrayTypes;
export type AnyTypedArray = InstanceType<(typeof arrayTypes)[ArrayKind]>;
export type Encoding = 'raw' | 'rle' | 'delta';

/** How the skeleton describes one stored typed array. */
export interface ArrayEntry {
  kind: ArrayKind;
  /** Elements. */
  length: number;
  encoding: Encoding;
  /** Runs (rle, delta); 0 for raw. */
  runs: number;
}

export const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function corrupt(detail: string): SessionError {
  return new SessionError('corrupt', `The checkpoint is damaged: ${detail}.`);
}

/** `bytes` rounded up to the 8-byte boundary every payload starts on. */
export function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
