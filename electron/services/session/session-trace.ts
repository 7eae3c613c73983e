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
  /** Engine checkpoint, deflated (electron/worker/checkpoint-store.ts). */
  checkpoint: { tick: number; bytes: Uint8Array };
  /** Earlier checkpoints, oldest first (for going back in time after opening). */
  earlier: { tick: number; bytes: Uint8Array }[];
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

function fromPieces(pieces: readonly string[]): Buffer {
  return Buffer.concat(pieces.map((p) => Buffer.from(p, 'base64')));
}

async function inflated(pieces: readonly string[], what: string): Promise<Buffer> {
  try {
    return await inflate(fromPieces(pieces), { maxOutputLength: maxInflatedBytes });
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
  return {
    checkpointTick: saved.checkpoint.tick,
    checkpoint: toPieces(saved.checkpoint.bytes),
    earlier: saved.earlier.map((c) => ({ tick: c.tick, checkpoint: toPieces(c.bytes) })),
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

/**
 * The parts of a session's `trace` field, checked against the scenario: throws SessionError
 * when one is damaged or does not belong to it (VM ids, row sizes, line order), so the caller
 * replays the run instead. The checkpoint bytes themselves are checked by the engine process.
 */
export async function unpackSessionTrace(trace: SessionTrace, scenario: Scenario): Promise<SavedTrace> {
  if (trace.layout !== sampleLayout)
    throw new SessionError('invalid', 'The saved samples were written by another version of Balloon Lab.');
  const vmIds = scenario.vms.map((vm) => vm.id).sort();
  if (trace.vmIds.length !== vmIds.length || trace.vmIds.some((id, i) => id !== vmIds[i]))
    throw new SessionError('invalid', "The saved trace's VMs are not the scenario's.");
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
  return {
    checkpoint: { tick: trace.checkpointTick, bytes: fromPieces(trace.checkpoint) },
    earlier: (trace.earlier ?? []).map((c) => ({ tick: c.tick, bytes: fromPieces(c.checkpoint) })),
    samples: { vmIds, rows: trace.sampleCount, data },
    lines: lines.data,
  };
}
