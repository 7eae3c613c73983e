import { z } from 'zod';
import { SessionError } from './session-error';
import { partCrc32, type PartChecksum } from './part-crc32';
import { mapTraceParts, traceChecksumsOf, traceSchemaOf, type TraceOf } from './session-trace-schema';

/**
 * A session file with a trace is its JSON header, a NUL byte (which JSON text never holds) and
 * the trace's binary parts one after the other, in the order mapTraceParts visits them; the
 * header holds each part's length in bytes where the document holds its bytes. A file without a
 * trace is the JSON alone. Base64 in the JSON, as format @1 kept them, made files a third larger
 * and cost opening a 50 MiB parse. The header's `trace.crc32` holds each part's CRC-32, which the
 * code that decodes a part checks (older files have none).
 */
export const sectionSeparator = 0;

/** A part's length as the header holds it (a part is never larger than a session file may be). */
const partLengthSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** The trace as a file's header holds it: each binary part as its length in bytes. */
export const headerTraceSchema = traceSchemaOf(partLengthSchema);

/**
 * The binary parts of `trace` in file order, and the trace as the header holds it: each part's
 * length, and their checksums (by `checksum`) taken from the bytes written (never the ones a
 * file opened had).
 */
export function splitTraceParts(
  trace: TraceOf<Uint8Array>,
  checksum: PartChecksum = partCrc32,
): {
  header: TraceOf<number>;
  parts: Uint8Array[];
} {
  const { crc32: _opened, ...written } = trace;
  const parts: Uint8Array[] = [];
  const lengths = mapTraceParts(written, (bytes) => {
    parts.push(bytes);
    return bytes.byteLength;
  });
  return { header: { ...lengths, crc32: traceChecksumsOf(written, checksum) }, parts };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * The trace of a file's header with its parts cut from `binary` (what follows the header's NUL),
 * as views of it. SessionError 'corrupt' when the lengths and the bytes do not add up: a file cut
 * short or with bytes of something else after its parts.
 */
export function joinTraceParts(header: TraceOf<number>, binary: Uint8Array): TraceOf<Uint8Array> {
  let at = 0;
  let index = 0;
  const trace = mapTraceParts(header, (length) => {
    if (at + length > binary.byteLength)
      throw new SessionError(
        'corrupt',
        `Corrupt: the file ends inside its binary part ${index + 1} (${formatBytes(length)} from byte ${at} of ${formatBytes(binary.byteLength)}); it may have been cut short.`,
      );
    const part = binary.subarray(at, at + length);
    at += length;
    index++;
    return part;
  });
  if (at !== binary.byteLength)
    throw new SessionError(
      'corrupt',
      `Corrupt: the file holds ${formatBytes(binary.byteLength - at)} after its last binary part; it may be damaged or not a Balloon Lab file.`,
    );
  return trace;
}
