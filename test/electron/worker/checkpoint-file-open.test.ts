import { brotliCompressSync, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { maxCheckpointArrayBytes } from '../../../core/session/checkpoint-array-bound';
import type { SimEngine } from '../../../core/engine/sim-engine';
import { stateDigest } from '../../../core/engine/state-digest';
import { decodeBlockIndex, encodeBlockIndex } from '../../../core/session/checkpoint-blocks';
import { decodeCheckpoint } from '../../../core/session/checkpoint-codec';
import { guessNewestPacks, newestPacksOf } from '../../../core/session/checkpoint-newest-packs';
import { isSessionError } from '../../../core/session/session-error';
import { CheckpointFiles, type CheckpointFileParts } from '../../../electron/worker/checkpoint-file';
import { prepareNewest } from '../../../electron/worker/checkpoint-file-open';
import { CheckpointStore } from '../../../electron/worker/checkpoint-store';
import { smallScenario, versionsAt } from '../../fixtures/checkpoints/small-run';
import { hostileCheckpointBytes } from '../../core/session/hostile-checkpoint';

const scenario = smallScenario;
const ticks = [30, 80, 140];
const store = (): CheckpointStore =>
  new CheckpointStore(() => 0, { minWorkMs: 1, costFactor: 0, maxBytes: 1e9 });

async function saved(): Promise<{
  engine: SimEngine;
  parts: CheckpointFileParts;
  digest: string;
  state: Buffer;
}> {
  const { engine, kept } = versionsAt(ticks);
  const digest = stateDigest(engine);
  const state = Buffer.concat(bytesOf(engine.snapshot().state));
  return { engine, parts: await new CheckpointFiles().save(kept, 1e9), digest, state };
}

/** The bytes of every typed array of a snapshot's state, in key order (to compare two states exactly). */
function bytesOf(value: unknown, out: Buffer[] = []): Buffer[] {
  if (ArrayBuffer.isView(value)) out.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  else if (typeof value === 'object' && value !== null)
    for (const key of Object.keys(value).sort()) bytesOf((value as Record<string, unknown>)[key], out);
  else out.push(Buffer.from(JSON.stringify(value) ?? 'undefined'));
  return out;
}

describe('opening a checkpoint file with its newest written ahead', () => {
  it('writes the newest while its packs decompress, and the engine is the one opened at once, going on as the run', async () => {
    const { engine, parts, digest, state } = await saved();
    const index = decodeBlockIndex(inflateRawSync(parts.index));
    const ready = await prepareNewest(parts, maxCheckpointArrayBytes(scenario));
    expect(ready).not.toBeNull();
    // Only the newest's packs are decompressed.
    expect([...ready!.raws.keys()].sort((a, b) => a - b)).toEqual(newestPacksOf(index));
    expect(newestPacksOf(index).length).toBeLessThan(index.packs.length);

    const files = new CheckpointFiles();
    await files.prepare(parts, scenario);
    const ahead = files.open(parts, store(), scenario, 150) as SimEngine;
    const atOnce = new CheckpointFiles().open(parts, store(), scenario, 150) as SimEngine;
    expect(stateDigest(ahead)).toBe(digest);
    // Every array of the state, byte for byte the run's (and the one opened without writing ahead).
    expect(Buffer.concat(bytesOf(ahead.snapshot().state)).equals(state)).toBe(true);
    expect(Buffer.concat(bytesOf(atOnce.snapshot().state)).equals(state)).toBe(true);
    engine.runUntil(190);
    ahead.runUntil(190);
    expect(stateDigest(ahead)).toBe(stateDigest(engine));
  });

  it('guesses the packs to decompress from the index before checking it, as the checked index names them', async () => {
    const { parts } = await saved();
    const bytes = inflateRawSync(parts.index);
    const guessed = guessNewestPacks(decodeCheckpoint(bytes, true));
    const index = decodeBlockIndex(bytes);
    expect(guessed?.map((g) => g.pack)).toEqual(newestPacksOf(index));
    expect(guessed?.map((g) => g.rawBytes)).toEqual(
      newestPacksOf(index).map((p) => index.packs[p]!.rawBytes),
    );
    const shapeless = decodeCheckpoint(bytes, true);
    shapeless.state['packs'] = [{ kinds: 'not bytes', rawBytes: 1 }];
    expect(guessNewestPacks(shapeless)).toBeNull();
  });

  it('refuses a file whose small states claim more memory than its session could hold, allocating nothing', async () => {
    const { parts } = await saved();
    const index = decodeBlockIndex(inflateRawSync(parts.index));
    const checkpoints = index.checkpoints.map((c) => ({ ...c, refs: [...c.refs] }));
    // The newest's small state: 6 GiB of arrays in 56 bytes of runs.
    checkpoints[checkpoints.length - 1]!.small = hostileCheckpointBytes([2 ** 29, 2 ** 29, 2 ** 29]);
    const { crc32: _crc32, ...unchecked } = parts;
    const bad: CheckpointFileParts = {
      ...unchecked,
      index: deflateRawSync(encodeBlockIndex({ ...index, checkpoints })),
    };
    const bound = maxCheckpointArrayBytes(scenario);
    expect(await prepareNewest(bad, bound)).toBeNull();
    const files = new CheckpointFiles();
    await files.prepare(bad, scenario);
    const s = store();
    expect(() => files.open(bad, s, scenario, 150)).toThrow(
      new RegExp(`would take 6144 MiB, more than the ${Math.ceil(bound / 2 ** 20)} MiB`),
    );
    expect(s.count).toBe(0);

    // An earlier one's (a delta, deflated): the file opens, and building that one is refused.
    checkpoints[checkpoints.length - 1]!.small = index.checkpoints.at(-1)!.small;
    checkpoints[0]!.small = deflateRawSync(hostileCheckpointBytes([2 ** 29, 2 ** 29, 2 ** 29]));
    const earlier: CheckpointFileParts = {
      ...unchecked,
      index: deflateRawSync(encodeBlockIndex({ ...index, checkpoints })),
    };
    const t = store();
    new CheckpointFiles().open(earlier, t, scenario, 150);
    expect(() => t.versionOf(t.nearest(ticks[0]!)!, scenario)).toThrow(/would take 6144 MiB/);
  });

  it('refuses a newest whose packs do not read as it does without writing ahead, the store untouched', async () => {
    const { parts } = await saved();
    const index = decodeBlockIndex(inflateRawSync(parts.index));
    const p = newestPacksOf(index)[0]!;
    const withPack = (bytes: Uint8Array): CheckpointFileParts => ({
      ...parts,
      packs: parts.packs.map((b, k) => (k === p ? bytes : b)),
    });
    const cases: [string, CheckpointFileParts][] = [
      ['a truncated pack', withPack(parts.packs[p]!.subarray(0, parts.packs[p]!.byteLength >> 1))],
      [
        'a pack longer than the index says',
        withPack(brotliCompressSync(new Uint8Array(index.packs[p]!.rawBytes + 8))),
      ],
      [
        'a pack shorter than the index says',
        withPack(brotliCompressSync(new Uint8Array(index.packs[p]!.rawBytes - 8))),
      ],
      ['a pack missing', { ...parts, packs: parts.packs.slice(0, -1) }],
    ];
    for (const [what, bad] of cases) {
      expect(await prepareNewest(bad, maxCheckpointArrayBytes(scenario)), what).toBeNull();
      const files = new CheckpointFiles();
      await files.prepare(bad, scenario);
      const s = store();
      let error: unknown;
      try {
        files.open(bad, s, scenario, 150);
      } catch (e) {
        error = e;
      }
      expect(isSessionError(error), `${what}: ${String(error)}`).toBe(true);
      expect((error as Error).message, what).toMatch(/damaged/);
      expect(s.count, what).toBe(0);
    }
  });
});
