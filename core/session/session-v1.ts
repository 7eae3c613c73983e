import { z } from 'zod';
import { base64ToBytes } from '../lab-api/wire-codec';
import { sessionSchemaId } from './session-schema';
import { mapTraceParts, traceSchemaOf, type TraceOf } from './session-trace-schema';

export const sessionV1SchemaId = 'balloon-lab/session@1';

/** Base64 text in pieces no longer than the loader's longest string (1 MiB). */
const base64PiecesSchema = z.array(z.string().max(1024 * 1024)).max(96);

/**
 * Format @1 (December 2026): the current document, but with the trace's binary parts as base64
 * text in the JSON. Only the trace is checked here; the rest is validated as the current format
 * after migration, so its messages are the current format's.
 */
export const sessionV1Schema = z.looseObject({
  schema: z.literal(sessionV1SchemaId),
  trace: traceSchemaOf(base64PiecesSchema).optional(),
});

export type SessionV1 = z.output<typeof sessionV1Schema>;

function bytesOfPieces(pieces: readonly string[]): Uint8Array {
  const decoded = pieces.map(base64ToBytes);
  const out = new Uint8Array(decoded.reduce((n, bytes) => n + bytes.byteLength, 0));
  let at = 0;
  for (const bytes of decoded) {
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  return out;
}

/**
 * @1 -> @2: the trace's base64 pieces become bytes. A trace with a piece that is not base64 is
 * left out, as one that does not load would be: the session opens by replaying its run.
 */
export function migrateV1ToV2(doc: SessionV1): unknown {
  const { trace, ...rest } = doc;
  let bytesTrace: TraceOf<Uint8Array> | undefined;
  try {
    bytesTrace = trace === undefined ? undefined : mapTraceParts(trace, bytesOfPieces);
  } catch {
    bytesTrace = undefined;
  }
  return { ...rest, schema: sessionSchemaId, ...(bytesTrace === undefined ? {} : { trace: bytesTrace }) };
}
