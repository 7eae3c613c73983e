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
import { checkPart, partIntact } from '../../worker/part-checksum';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);
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
  /** `samples` and `lines` as the file keeps them, when packed already ({@link packHistory}). */
  packed?: PackedHistory;
}

/** A run's samples and log lines as a session file keeps them: each deflated. */
export interface PackedHistory {
  samples: Uint8Array;
  log: Uint8Array;
}

/** `samples` and `lines` as a session file keeps them (on zlib's threads). */
export async function packHistory(samples: PackedSamples, lines: readonly LogLine[]): Promise<PackedHistory> {
  const data = new Uint8Array(samples.data.buffer, samples.data.byteOffset, samples.data.byteLength);
  const [sampleBytes, logBytes] = await Promise.all([
    deflate(data, { level: 1 }),
    deflate(Buffer.from(JSON.stringify(lines)), { level: 1 }),
  ]);
  return { samples: sampleBytes, log: logBytes };
}

/**
 * A part inflated, once checked against its checksum (`expected`, when the file has one). In
 * megabyte pieces: in zlib's default 16 KiB ones, the 22 MiB of samples of an hour of
 * datacenter-2x took 120 ms instead of 40 of this process's time while a file opens.
 */
async function inflated(bytes: Uint8Array, expected: number | undefined, what: string): Promise<Buffer> {
  checkPart(bytes, expected, what);
  try {
    return await inflate(bytes, { maxOutputLength: maxInflatedBytes, chunkSize: 1024 * 1024 });
  } catch (error) {
    throw new SessionError('corrupt', `The saved ${what} is damaged: ${(error as Error).message}.`);
  }
}

/** The `trace` field of a session file (core/session/session-schema.ts). */
export async function packSessionTrace(saved: SavedTrace): Promise<SessionTrace> {
  const { samples, lines } = saved;
  const { samples: sampleBytes, log: logBytes } = saved.packed ?? (await packHistory(samples, lines));
  const { store, checkpoint, earlier } = saved;
  if (store === undefined && checkpoint === undefined) throw new Error('a saved trace needs its checkpoints');
  return {
    ...(store !== undefined
      ? {
          checkpointTick: store.tick,
          store: { index: store.index, packs: store.packs },
        }
      : {
          checkpointTick: checkpoint!.tick,
          checkpoint: checkpoint!.bytes,
          earlier: (earlier ?? []).map((c) => ({ tick: c.tick, checkpoint: c.bytes })),
        }),
    layout: sampleLayout,
    vmIds: [...samples.vmIds],
    sampleCount: samples.rows,
    samples: sampleBytes,
    lineCount: lines.length,
    log: logBytes,
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
 * rejects when the samples or lines are (row sizes, line order, checksums), so the caller replays
 * the run instead. The checkpoint bytes themselves are checked by the engine process (with the
 * checksums handed over); the older layout's here, where a damaged newest refuses the trace and
 * a damaged earlier one is left out (the engine would forget it at the first jump there).
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
  const { store, checkpoint, crc32 } = trace;
  if (checkpoint !== undefined) checkPart(checkpoint, crc32?.checkpoint, 'checkpoint');
  return {
    ...(store !== undefined
      ? {
          store: {
            tick: trace.checkpointTick,
            index: store.index,
            packs: store.packs,
            ...(crc32?.store === undefined ? {} : { crc32: crc32.store }),
          },
        }
      : {
          checkpoint: { tick: trace.checkpointTick, bytes: checkpoint ?? new Uint8Array(0) },
          earlier: (trace.earlier ?? [])
            .filter((c, i) => partIntact(c.checkpoint, crc32?.earlier?.[i]))
            .map((c) => ({ tick: c.tick, bytes: c.checkpoint })),
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
  const [samples, log] = await Promise.all([
    inflated(trace.samples, trace.crc32?.samples, 'samples'),
    inflated(trace.log, trace.crc32?.log, 'log'),
  ]);
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
