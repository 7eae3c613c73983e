import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EngineSnapshot } from '../../core/engine/engine-types';
import { snapshotOfVersion } from '../../core/engine/world-version';
import type { Scenario } from '../../core/scenario/scenario-schema';
import { encodeCheckpoint } from '../../core/session/checkpoint-codec';
import { checkedCheckpoint } from '../../core/session/checkpoint-restore';
import { SessionError } from '../../core/session/session-error';
import type { Kept } from './checkpoint-kept';

/** Largest checkpoint once inflated: a 256 GiB host's is about 550 MiB; a larger one is refused, not inflated. */
const maxInflatedBytes = 1536 * 1024 * 1024;

/** A checkpoint that does not open, as a SessionError saying why. */
export function damaged(error: unknown): SessionError {
  return new SessionError(
    'corrupt',
    `The checkpoint is damaged: ${error instanceof Error ? error.message : String(error)}.`,
  );
}

/** An encoded checkpoint deflated, as a session file keeps it. */
export function deflated(encoded: Uint8Array): Buffer {
  return deflateRawSync(encoded, { level: 1 });
}

/** `kept` as a session file keeps it: deflated, encoded now (and kept so) if need be. */
export function keptFile(kept: Kept): Uint8Array {
  return (kept.file ??= deflated(encodeCheckpoint(snapshotOfVersion(kept.version!))));
}

/**
 * A deflated checkpoint inflated, refused (SessionError) when damaged or past the largest size.
 * The output buffer is sized for the usual ratio, so a large checkpoint comes out in one piece
 * instead of being gathered from 16 KiB pieces and copied once more.
 */
export function inflated(bytes: Uint8Array): Buffer {
  const chunkSize = Math.min(maxInflatedBytes, Math.max(64 * 1024, bytes.byteLength * 20));
  try {
    return inflateRawSync(bytes, { maxOutputLength: maxInflatedBytes, chunkSize });
  } catch (error) {
    throw damaged(error);
  }
}

/** The checked snapshot of a deflated checkpoint (checkpoint-restore.ts), its arrays handed over. */
export function checkpointOfFile(bytes: Uint8Array, scenario: Scenario, maxTick: number): EngineSnapshot {
  const raw = inflated(bytes);
  return checkedCheckpoint(raw, scenario, maxTick);
}
