import { z } from 'zod';

/** A tick count: 30 days at the shortest tick (100 ms) is about 2.6e7, so 2^31 is ample. */
export const tickSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** A part's CRC-32 (the IEEE one of zlib, gzip and PNG), unsigned. */
export const crc32Schema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/**
 * The CRC-32 of each binary part of a trace, laid out as the parts are (the older layout's earlier
 * checkpoints as a list). Raw DEFLATE and brotli hold no checksum of their own, so a flipped byte
 * could decode into wrong samples, log lines or pages: whoever decodes a part checks it first.
 */
export interface TraceChecksums {
  store?: { index: number; packs: number[] };
  checkpoint?: number;
  earlier?: number[];
  samples: number;
  log: number;
}

/**
 * What lets a session open without replaying its run, with its binary parts of type `P`: bytes in
 * memory, their byte lengths in a file's header (the parts themselves follow the header, in the
 * order {@link mapTraceParts} visits them: core/session/session-sections.ts).
 */
export interface TraceOf<P> {
  /** Tick of the newest checkpoint: the engine replays from there to the session's tick. */
  checkpointTick: number;
  /** The checkpoints (core/session/checkpoint-blocks.ts): the index (raw DEFLATE) and the packs of blocks (brotli). */
  store?: { index: P; packs: P[] };
  /** Files of earlier versions: the checkpoint (raw DEFLATE, core/session/checkpoint-codec.ts). */
  checkpoint?: P;
  /** Files of earlier versions: earlier checkpoints of the run, oldest first. */
  earlier?: { tick: number; checkpoint: P }[];
  /** The sample row layout (its column names), so rows of another layout are not misread. */
  layout: string;
  /** VM ids of the sample rows, in row order. */
  vmIds: string[];
  sampleCount: number;
  /** The sample rows (electron/worker/sample-layout.ts), little-endian doubles, raw DEFLATE. */
  samples: P;
  lineCount: number;
  /** The log lines, a JSON array, raw DEFLATE. */
  log: P;
  /**
   * Each part's CRC-32, which every save writes (computed from the bytes written); absent in files
   * written before (their parts open unchecked). In memory, the file's, for the readers to check.
   */
  crc32?: TraceChecksums;
}

/** Most packs a store may have (a pack holds about a megabyte of blocks). */
export const maxTracePacks = 4096;
/** Most earlier checkpoints of the older layout. */
export const maxEarlierCheckpoints = 1000;

const checksumsSchema = z.strictObject({
  store: z.strictObject({ index: crc32Schema, packs: z.array(crc32Schema).max(maxTracePacks) }).optional(),
  checkpoint: crc32Schema.optional(),
  earlier: z.array(crc32Schema).max(maxEarlierCheckpoints).optional(),
  samples: crc32Schema,
  log: crc32Schema,
});

/** Whether `a` and `b` name the same parts (a checksum for each part, and no other). */
function sameParts(a: TraceChecksums, b: TraceChecksums): boolean {
  return (
    a.store?.packs.length === b.store?.packs.length &&
    (a.checkpoint === undefined) === (b.checkpoint === undefined) &&
    a.earlier?.length === b.earlier?.length
  );
}

/**
 * The schema of a trace whose binary parts `part` validates. The scenario, ticks and order are
 * checked by the session schema around it; the bytes by whoever unpacks them.
 */
export function traceSchemaOf<P>(part: z.ZodType<P>): z.ZodType<TraceOf<P>> {
  const schema = z.strictObject({
    checkpointTick: tickSchema,
    store: z.strictObject({ index: part, packs: z.array(part).max(maxTracePacks) }).optional(),
    checkpoint: part.optional(),
    earlier: z
      .array(z.strictObject({ tick: tickSchema, checkpoint: part }))
      .max(maxEarlierCheckpoints)
      .optional(),
    layout: z.string().max(20_000),
    vmIds: z.array(z.string().max(64)).max(10_000),
    sampleCount: z.number().int().min(0).max(10_000_000),
    samples: part,
    lineCount: z.number().int().min(0).max(10_000_000),
    log: part,
    crc32: checksumsSchema.optional(),
  });
  return schema.superRefine((value, ctx) => {
    const trace = value as TraceOf<P>;
    if (
      trace.crc32 !== undefined &&
      !sameParts(
        trace.crc32,
        traceChecksumsOf(trace, () => 0),
      )
    )
      ctx.addIssue({
        code: 'custom',
        path: ['crc32'],
        message: 'must hold one checksum for each binary part, laid out as the parts are',
      });
  }) as unknown as z.ZodType<TraceOf<P>>;
}

/**
 * `trace` with each binary part mapped by `map`, visited in file order: the store's index and
 * packs, the older layout's checkpoint and earlier ones, the samples, the log. `map` gets the
 * part alone (node:zlib's crc32 would take an array index for the CRC to go on from).
 */
export function mapTraceParts<A, B>(trace: TraceOf<A>, map: (part: A) => B): TraceOf<B> {
  const { store, checkpoint, earlier, samples, log, ...rest } = trace;
  const mappedStore =
    store === undefined ? undefined : { index: map(store.index), packs: store.packs.map((p) => map(p)) };
  const mappedCheckpoint = checkpoint === undefined ? undefined : map(checkpoint);
  const mappedEarlier = earlier?.map((e) => ({ tick: e.tick, checkpoint: map(e.checkpoint) }));
  const mappedSamples = map(samples);
  return {
    ...rest,
    ...(mappedStore === undefined ? {} : { store: mappedStore }),
    ...(mappedCheckpoint === undefined ? {} : { checkpoint: mappedCheckpoint }),
    ...(mappedEarlier === undefined ? {} : { earlier: mappedEarlier }),
    samples: mappedSamples,
    log: map(log),
  };
}

/** The checksums of `trace`'s parts, each taken by `checksum` (laid out as {@link TraceChecksums}). */
export function traceChecksumsOf<P>(trace: TraceOf<P>, checksum: (part: P) => number): TraceChecksums {
  const { store, checkpoint, earlier, samples, log } = mapTraceParts(trace, checksum);
  return {
    ...(store === undefined ? {} : { store }),
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(earlier === undefined ? {} : { earlier: earlier.map((e) => e.checkpoint) }),
    samples,
    log,
  };
}
