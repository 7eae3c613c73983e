import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../../../core/lab-api/wire-codec';
import type { SessionDocument } from '../../../../core/session/session-schema';
import { mapTraceParts, type TraceOf } from '../../../../core/session/session-trace-schema';
import { storeFileLocationOf } from '../../../../electron/services/session/file-origins';
import { readSessionFile, writeSessionFile } from '../../../../electron/services/session/session-file';
import type { CheckpointFileParts } from '../../../../electron/worker/checkpoint-file';
import { readStoreFile } from '../../../../electron/worker/store-file-read';
import { fixtureText, goldenFiles, sampleSession } from '../../../fixtures/sessions/session-fixtures';
import { knownBytes } from '../../../fixtures/sessions/known-bytes';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-file-origins-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A trace whose store has packs of several sizes, an empty one among them. */
function traceOf(): TraceOf<Uint8Array> {
  return {
    checkpointTick: 1200,
    store: {
      index: knownBytes(3_000, 1),
      packs: [knownBytes(50_000, 2), new Uint8Array(0), knownBytes(7_000, 3), knownBytes(13, 4)],
    },
    layout: 'host:freeMiB;vm:balloonMiB',
    vmIds: ['web1', 'db1'],
    sampleCount: 42,
    samples: knownBytes(20_000, 5),
    lineCount: 3,
    log: knownBytes(1_000, 6),
  };
}

function partsOf(doc: SessionDocument): CheckpointFileParts {
  const { checkpointTick, store } = doc.trace!;
  return { tick: checkpointTick, index: store!.index, packs: store!.packs };
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

async function savedAndRead(): Promise<{ path: string; doc: SessionDocument }> {
  const path = join(dir, 'lab.balloonlab');
  await writeSessionFile(path, { ...sampleSession(), trace: traceOf() }, { keepBackup: false });
  return { path, doc: await readSessionFile(path) };
}

describe('storeFileLocationOf', () => {
  it("maps a read session's store to the ranges of the file on disk, with the file's identity", async () => {
    const { path, doc } = await savedAndRead();
    const parts = partsOf(doc);
    const location = storeFileLocationOf(parts);
    expect(location).not.toBeNull();
    const { dev, ino, size, mtimeMs } = await stat(path);
    expect(location).toMatchObject({ tick: 1200, path, dev, ino, size, mtimeMs });
    const raw = await readFile(path);
    const at = (r: { at: number; bytes: number }): Buffer => raw.subarray(r.at, r.at + r.bytes);
    expect(same(parts.index, at(location!.index))).toBe(true);
    expect(location!.packs.map((r) => r.bytes)).toEqual([50_000, 0, 7_000, 13]);
    expect(location!.packs.map((r, i) => same(parts.packs[i]!, at(r)))).toEqual([true, true, true, true]);
    // The same bytes as written, not merely some bytes of the file.
    const written = traceOf().store!;
    expect(same(parts.index, written.index)).toBe(true);
    expect(parts.packs.map((p, i) => same(p, written.packs[i]!))).toEqual([true, true, true, true]);
  });

  it('gives a location that readStoreFile reads back as the same parts', async () => {
    const { doc } = await savedAndRead();
    const parts = partsOf(doc);
    const read = await readStoreFile(storeFileLocationOf(parts)!);
    expect(read.tick).toBe(parts.tick);
    expect(same(read.index, parts.index)).toBe(true);
    expect(read.packs.map((p) => p.byteLength)).toEqual(parts.packs.map((p) => p.byteLength));
    expect(read.packs.map((p, i) => same(p, parts.packs[i]!))).toEqual([true, true, true, true]);
  });

  it('gives null for parts not read from a file', () => {
    const store = traceOf().store!;
    expect(storeFileLocationOf({ tick: 1200, index: store.index, packs: store.packs })).toBeNull();
  });

  it('gives null when the parts mix views of the file with fresh arrays', async () => {
    const { doc } = await savedAndRead();
    const parts = partsOf(doc);
    const packs = [...parts.packs];
    packs[2] = Uint8Array.from(packs[2]!);
    expect(storeFileLocationOf({ ...parts, packs })).toBeNull();
    expect(storeFileLocationOf({ ...parts, index: Uint8Array.from(parts.index) })).toBeNull();
    // Unchanged, the same parts still map.
    expect(storeFileLocationOf(parts)).not.toBeNull();
  });

  it('gives null for a migrated @1 file, whose parts are decoded copies', async () => {
    const trace = mapTraceParts(traceOf(), (p) => (p.byteLength === 0 ? [] : [bytesToBase64(p)]));
    const path = join(dir, 'v1.balloonlab');
    const v1 = { ...(JSON.parse(fixtureText(goldenFiles.v1)) as Record<string, unknown>), trace };
    await writeFile(path, JSON.stringify(v1, null, 2));
    const doc = await readSessionFile(path);
    const parts = partsOf(doc);
    // Read and migrated with its bytes intact, yet no range of the file holds them.
    expect(same(parts.packs[0]!, traceOf().store!.packs[0]!)).toBe(true);
    expect(storeFileLocationOf(parts)).toBeNull();
  });
});
