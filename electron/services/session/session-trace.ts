import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { z } from 'zod';
import { logLevels, logSources, type LogLine } from '../../../core/model/log-line';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { SessionError } from '../../../core/session/session-error';
import type { SessionTrace } from '../../../core/session/session-schema';
import {
  hostNumericKeys,
  sampleRowWidth,
  vmNumericKeys,
  type PackedSamples,
} from '../../worker/sample-layout';
import type { CheckpointFileParts } from '../../worker/checkpoint-file';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);
/** Base64 pieces of at most 1 MiB of text (the loader's longest string), 3 bytes per 4 characters. */
const pieceBytes = 768 * 1024;
/** Largest part once inflated: a month of samples of the largest host stays well under it. */
const maxInflatedBytes = 1024 * 1024 * 1024;
/** The row layout of this version's samples. */
const sampleLayout = `host:${hostNumericKeys.join(',')};vm:${vmNumericKeys.join(',')}`;

/** What a session holds besides its scenario and interventions so that it opens without a replay. */
export interface SavedTrace {
  /** The run's checkpoints, sharing their blocks (electron/worker/checkpoint-file.ts). */
  store?: CheckpointFileParts;
  /** Older files: one engine checkpoint, deflated (core/session/checkpoint-codec.ts). */
  checkpoint?: { tick: number; bytes: Uint8Array };
  /** Older files: earlier checkpoints, oldest first (for going back in time after opening). */
  earlier?: { tick: number; bytes: Uint8Array }[];
  samples: PackedSamples;
  lines: LogLine[];
}

function toPieces(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let at = 0; at < bytes.byteLength; at += pieceBytes)
    out.push(
      Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(pieceBytes, bytes.byteLength - at)).toString(
        'base64',
      ),
    );
  return out;
}

/**
 * The bytes of base64 pieces, decoded straight into one buffer; SessionError when a piece is not
 * base64. Node's decoder skips what is not base64 (and stops at a padding inside), so such a
 * piece decodes to fewer bytes than its length says; it also reads the URL-safe alphabet.
 */
function fromPieces(pieces: readonly string[], what: string): Buffer {
  const bytesOf = (p: string): number =>
    (p.length / 4) * 3 - (p.endsWith('==') ? 2 : p.endsWith('=') ? 1 : 0);
  let size = 0;
  for (const p of pieces) {
    if (p.length % 4 !== 0)
      throw new SessionError(
        'corrupt',
        `The saved ${what} is not base64: a piece of ${p.length} characters.`,
      );
    size += bytesOf(p);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of pieces) {
    const bytes = out.write(p, at, 'base64');
    if (bytes !== bytesOf(p)) throw new SessionError('corrupt', `The saved ${what} is not base64.`);
    at += bytes;
  }
  return out;
}

async function inflated(pieces: readonly string[], what: string): Promise<Buffer> {
  const bytes = fromPieces(pieces, what);
  try {
    return await inflate(bytes, { maxOutputLength: maxInflatedBytes });
  } catch (error) {
    throw new SessionError('corrupt', `The saved ${what} is damaged: ${(error as Error).message}.`);
  }
}

/** The `trace` field of a session file (core/session/session-schema.ts). */
export async function packSessionTrace(saved: SavedTrace): Promise<SessionTrace> {
  const { samples, lines } = saved;
  const data = new Uint8Array(samples.data.buffer, samples.data.byteOffset, samples.data.byteLength);
  const [sampleBytes, logBytes] = await Promise.all([
    deflate(data, { level: 1 }),
    deflate(Buffer.from(JSON.stringify(lines)), { level: 1 }),
  ]);
  const { store, checkpoint, earlier } = saved;
  if (store === undefined && checkpoint === undefined) throw new Error('a saved trace needs its checkpoints');
  return {
    ...(store !== undefined
      ? {
          checkpointTick: store.tick,
          store: { index: toPieces(store.index), packs: store.packs.map(toPieces) },
        }
      : {
          checkpointTick: checkpoint!.tick,
          checkpoint: toPieces(checkpoint!.bytes),
          earlier: (earlier ?? []).map((c) => ({ tick: c.tick, checkpoint: toPieces(c.bytes) })),
        }),
    layout: sampleLayout,
    vmIds: [...samples.vmIds],
    sampleCount: samples.rows,
    samples: toPieces(sampleBytes),
    lineCount: lines.length,
    log: toPieces(logBytes),
  };
}

const logLineSchema = z.strictObject({
  seq: z.number().int().min(0),
  tick: z.number().int().min(0),
  timeS: z.number().min(0),
  vm: z.string().max(64),
  source: z.enum(logSources),
  level: z.enum(logLevels),
  event: z.string().max(200),
  message: z.string().max(100_000),
});

/** A saved run's chart samples and log lines (the part of a {@link SavedTrace} the main process keeps). */
export interface SavedHistory {
  samples: PackedSamples;
  lines: LogLine[];
}

/**
 * A session's `trace` field as it opens: the checkpoints at once, for the engine to start from,
 * and the samples and log lines on their way (inflated on zlib's threads and checked meanwhile),
 * so that they cost an opening nothing while the engine process restores its state.
 */
export interface OpenedTrace extends Omit<SavedTrace, 'samples' | 'lines'> {
  /** Rejects with SessionError when they are damaged or do not belong to the scenario. */
  history: Promise<SavedHistory>;
}

/**
 * The parts of a session's `trace` field, checked against the scenario: throws SessionError
 * when one is damaged or does not belong to it (layout, VM ids), and the history it promises
 * rejects when the samples or lines are (row sizes, line order), so the caller replays the run
 * instead. The checkpoint bytes themselves are checked by the engine process.
 */
export function openSessionTrace(trace: SessionTrace, scenario: Scenario): OpenedTrace {
  if (trace.layout !== sampleLayout)
    throw new SessionError('invalid', 'The saved samples were written by another version of Balloon Lab.');
  const vmIds = scenario.vms.map((vm) => vm.id).sort();
  if (trace.vmIds.length !== vmIds.length || trace.vmIds.some((id, i) => id !== vmIds[i]))
    throw new SessionError('invalid', "The saved trace's VMs are not the scenario's.");
  const history = historyOf(trace, vmIds);
  // Not awaited before the engine has its checkpoint: a refusal is handled by whoever awaits it.
  history.catch(() => undefined);
  const { store, checkpoint } = trace;
  return {
    ...(store !== undefined
      ? {
          store: {
            tick: trace.checkpointTick,
            index: fromPieces(store.index, 'checkpoint index'),
            packs: store.packs.map((pack) => fromPieces(pack, 'checkpoint')),
          },
        }
      : {
          checkpoint: { tick: trace.checkpointTick, bytes: fromPieces(checkpoint ?? [], 'checkpoint') },
          earlier: (trace.earlier ?? []).map((c) => ({
            tick: c.tick,
            bytes: fromPieces(c.checkpoint, 'checkpoint'),
          })),
        }),
    history,
  };
}

/** What the lab says when a session's saved trace is refused (`error`) and its run replayed instead. */
export function savedTraceRefused(name: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `The saved trace of "${name}" cannot be used (${why}); the run is replayed instead.`;
}

/** {@link openSessionTrace} with its history awaited: the whole trace, or SessionError. */
export async function unpackSessionTrace(trace: SessionTrace, scenario: Scenario): Promise<SavedTrace> {
  const { history, ...checkpoints } = openSessionTrace(trace, scenario);
  return { ...checkpoints, ...(await history) };
}

async function historyOf(trace: SessionTrace, vmIds: readonly string[]): Promise<SavedHistory> {
  const [samples, log] = await Promise.all([inflated(trace.samples, 'samples'), inflated(trace.log, 'log')]);
  const width = sampleRowWidth(vmIds.length);
  if (samples.byteLength !== trace.sampleCount * width * 8)
    throw new SessionError(
      'corrupt',
      `The saved samples hold ${samples.byteLength} bytes, not ${trace.sampleCount} rows.`,
    );
  const data = new Float64Array(
    samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength),
  );
  let json: unknown;
  try {
    json = JSON.parse(log.toString('utf8'));
  } catch {
    throw new SessionError('corrupt', 'The saved log is not valid JSON.');
  }
  const lines = z.array(logLineSchema).max(trace.lineCount).safeParse(json);
  if (!lines.success || lines.data.length !== trace.lineCount)
    throw new SessionError('corrupt', 'The saved log lines are damaged.');
  lines.data.forEach((line, i) => {
    if (i > 0 && line.seq <= lines.data[i - 1]!.seq)
      throw new SessionError('corrupt', 'The saved log lines are out of order.');
  });
  return { samples: { vmIds: [...vmIds], rows: trace.sampleCount, data }, lines: lines.data };
}
