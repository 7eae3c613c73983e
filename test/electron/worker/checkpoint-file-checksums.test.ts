import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { maxCheckpointArrayBytes } from '../../../core/session/checkpoint-array-bound';
import { createEngine } from '../../../core/engine/create-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import { decodeBlockIndex } from '../../../core/session/checkpoint-blocks';
import { newestPacksOf } from '../../../core/session/checkpoint-newest-packs';
import { partCrc32 } from '../../../core/session/part-crc32';
import { isSessionError } from '../../../core/session/session-error';
import { CheckpointFiles, type CheckpointFileParts } from '../../../electron/worker/checkpoint-file';
import { prepareNewest } from '../../../electron/worker/checkpoint-file-open';
import { CheckpointStore } from '../../../electron/worker/checkpoint-store';
import { smallScenario as scenario, versionsAt } from '../../fixtures/checkpoints/small-run';

const ticks = [30, 80, 140];
const store = (): CheckpointStore =>
  new CheckpointStore(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes: 1e9 });

/** The run's checkpoints as a session file keeps them, with the checksums its header gives. */
async function saved(): Promise<{ parts: CheckpointFileParts; digests: Map<number, string> }> {
  const { kept } = versionsAt(ticks);
  const parts = await new CheckpointFiles().save(kept, 1e9);
  const engine = createEngine(scenario);
  const digests = new Map<number, string>();
  for (const tick of ticks) {
    engine.runUntil(tick);
    digests.set(tick, stateDigest(engine));
  }
  return {
    parts: { ...parts, crc32: { index: partCrc32(parts.index), packs: parts.packs.map(partCrc32) } },
    digests,
  };
}

/** A copy of `bytes` with one byte changed, in the middle (a Buffer's slice would share its memory). */
function flipped(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const at = out.length >> 1;
  out[at] = out[at]! ^ 0x10;
  return out;
}

function withPack(parts: CheckpointFileParts, p: number, bytes: Uint8Array): CheckpointFileParts {
  return { ...parts, packs: parts.packs.map((b, k) => (k === p ? bytes : b)) };
}

/** What opening `parts` throws, after writing the newest ahead as a load does. */
async function openRefusal(parts: CheckpointFileParts): Promise<{ error: unknown; s: CheckpointStore }> {
  const files = new CheckpointFiles();
  await files.prepare(parts, scenario);
  const s = store();
  try {
    files.open(parts, s, scenario, 150);
  } catch (error) {
    return { error, s };
  }
  return { error: null, s };
}

describe('checkpoint files with checksums', () => {
  it('open with their checksums as without, to the run exactly', async () => {
    const { parts, digests } = await saved();
    expect(await prepareNewest(parts, maxCheckpointArrayBytes(scenario))).not.toBeNull();
    const s = store();
    const engine = new CheckpointFiles().open(parts, s, scenario, 150);
    expect(stateDigest(engine)).toBe(digests.get(140));
    for (const t of ticks.slice(0, -1))
      expect(stateDigest(s.restore(s.nearest(t)!, scenario))).toBe(digests.get(t));
  });

  it('refuse a flipped byte in the index or a pack of the newest, naming the part, the store untouched', async () => {
    const { parts } = await saved();
    const index = decodeBlockIndex(inflateRawSync(parts.index));
    const p = newestPacksOf(index)[0]!;
    const cases: [CheckpointFileParts, string][] = [
      [
        { ...parts, index: flipped(parts.index) },
        'The checkpoint index part of the file is damaged (checksum mismatch).',
      ],
      [
        withPack(parts, p, flipped(parts.packs[p]!)),
        `The checkpoint pack ${p + 1} part of the file is damaged (checksum mismatch).`,
      ],
    ];
    for (const [bad, message] of cases) {
      expect(await prepareNewest(bad, maxCheckpointArrayBytes(scenario)), message).toBeNull();
      const { error, s } = await openRefusal(bad);
      expect(isSessionError(error), `${message}: ${String(error)}`).toBe(true);
      expect((error as Error).message).toBe(message);
      expect(s.count).toBe(0);
    }
  });

  it('open with a flipped byte in a pack only earlier checkpoints use; those are refused naming it, never built wrong', async () => {
    const { parts, digests } = await saved();
    const index = decodeBlockIndex(inflateRawSync(parts.index));
    const newest = new Set(newestPacksOf(index));
    const p = index.packs.findIndex((_, k) => !newest.has(k));
    expect(p).toBeGreaterThanOrEqual(0);
    const bad = withPack(parts, p, flipped(parts.packs[p]!));
    const { error, s } = await openRefusal(bad);
    expect(error).toBeNull();
    let refused = 0;
    // Newest first, as jumps back go: an earlier one is built from the one after it.
    for (const t of ticks.slice(0, -1).reverse()) {
      let engine;
      try {
        engine = s.restore(s.nearest(t)!, scenario);
      } catch (e) {
        expect(isSessionError(e), String(e)).toBe(true);
        expect((e as Error).message).toBe(
          `The checkpoint pack ${p + 1} part of the file is damaged (checksum mismatch).`,
        );
        refused++;
        continue;
      }
      expect(stateDigest(engine), `tick ${t}`).toBe(digests.get(t));
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('without checksums (files written before them) open as before', async () => {
    const { parts, digests } = await saved();
    const { crc32: _crc32, ...older } = parts;
    const engine = new CheckpointFiles().open(older, store(), scenario, 150);
    expect(stateDigest(engine)).toBe(digests.get(140));
  });
});
