import { deflateRawSync } from 'node:zlib';
import type { WorldVersion } from '../../core/engine/world-version';
import { encodeSmallState, smallStateOf } from '../../core/session/checkpoint-small-state';
import { xorSmallState } from '../../core/session/checkpoint-small-delta';

/** The bytes of a version's small state, and the newer version they are a delta of (null: whole). */
interface SmallBytes {
  newer: WorldVersion | null;
  bytes: Uint8Array;
}

/**
 * Checkpoints' small states (their state without the page blocks) as a session file's index keeps
 * them: the newest's as it is, an earlier one's as a delta of the next newer one's
 * (core/session/checkpoint-small-delta.ts), deflated. Each is encoded once per next newer
 * checkpoint (versions never change): a large host's is megabytes, and a save asks for each
 * several times (the index estimate, then the file).
 */
export class SmallStateBytes {
  private readonly known = new WeakMap<WorldVersion, SmallBytes>();

  of(version: WorldVersion, newer: WorldVersion | null): Uint8Array {
    const known = this.known.get(version);
    if (known?.newer === newer) return known.bytes;
    const own = smallStateOf(version);
    const bytes =
      newer === null
        ? encodeSmallState(own)
        : deflateRawSync(
            encodeSmallState(xorSmallState(own, smallStateOf(newer)) as Record<string, unknown>),
            { level: 1 },
          );
    this.known.set(version, { newer, bytes });
    return bytes;
  }
}
