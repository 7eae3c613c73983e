import { appendFile, mkdtemp, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandError } from '../../../electron/worker/command-error';
import {
  readStoreFile,
  type FileRange,
  type StoreFileLocation,
} from '../../../electron/worker/store-file-read';
import { knownBytes } from '../../fixtures/sessions/known-bytes';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-store-file-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileBytes = 10_000;
/** Whole seconds: a file given the same time again has exactly the same mtimeMs. */
const mtimeSeconds = 1_700_000_000;

/** A file of known bytes with a fixed modification time, and where it is. */
async function knownFile(): Promise<{ path: string; bytes: Buffer }> {
  const path = join(dir, 'lab.balloonlab');
  const bytes = Buffer.from(knownBytes(fileBytes, 7));
  await writeFile(path, bytes);
  await utimes(path, mtimeSeconds, mtimeSeconds);
  return { path, bytes };
}

async function locationOf(path: string, index: FileRange, packs: FileRange[]): Promise<StoreFileLocation> {
  const { dev, ino, size, mtimeMs } = await stat(path);
  return { tick: 1200, path, dev, ino, size, mtimeMs, index, packs };
}

async function refusal(location: StoreFileLocation): Promise<CommandError> {
  const error: unknown = await readStoreFile(location).then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommandError);
  expect((error as CommandError).code).toBe('unreadable');
  return error as CommandError;
}

function same(part: Uint8Array, bytes: Buffer): boolean {
  return Buffer.from(part.buffer, part.byteOffset, part.byteLength).equals(bytes);
}

describe('readStoreFile', () => {
  it('gives the bytes at each range, in the order given, an empty pack and overlaps included', async () => {
    const { path, bytes } = await knownFile();
    const index = { at: 9_000, bytes: 1_000 };
    const packs = [
      { at: 4_000, bytes: 3_000 },
      { at: 100, bytes: 0 },
      { at: 0, bytes: 17 },
      { at: 4_500, bytes: 600 },
      { at: fileBytes, bytes: 0 },
    ];
    const parts = await readStoreFile(await locationOf(path, index, packs));
    expect(parts.tick).toBe(1200);
    expect(same(parts.index, bytes.subarray(9_000, 10_000))).toBe(true);
    expect(parts.packs.map((p) => p.byteLength)).toEqual(packs.map((p) => p.bytes));
    expect(
      parts.packs.map((p, i) => same(p, bytes.subarray(packs[i]!.at, packs[i]!.at + packs[i]!.bytes))),
    ).toEqual(packs.map(() => true));
  });

  it('gives the index as soon as it is read, before the packs', async () => {
    const { path, bytes } = await knownFile();
    const index = { at: 5_000, bytes: 1_000 };
    const packs = [
      { at: 0, bytes: 5_000 },
      { at: 6_000, bytes: 4_000 },
    ];
    let early: Uint8Array | null = null;
    let packsThen = '';
    const parts = await readStoreFile(await locationOf(path, index, packs), (bytes) => {
      early = bytes.slice();
      packsThen = Buffer.from(bytes.buffer, bytes.byteOffset - 5_000, 20).toString('hex');
    });
    expect(same(early!, bytes.subarray(5_000, 6_000))).toBe(true);
    expect(same(parts.index, bytes.subarray(5_000, 6_000))).toBe(true);
    // The packs were not read yet when the index was given.
    expect(packsThen).not.toBe(bytes.subarray(0, 20).toString('hex'));
    expect(same(parts.packs[0]!, bytes.subarray(0, 5_000))).toBe(true);
    expect(same(parts.packs[1]!, bytes.subarray(6_000, 10_000))).toBe(true);
  });

  it('reads 4096 packs, the most a file may have', async () => {
    const { path, bytes } = await knownFile();
    const packs = Array.from({ length: 4096 }, (_, i) => ({ at: i * 2, bytes: 2 }));
    const parts = await readStoreFile(await locationOf(path, { at: 0, bytes: 0 }, packs));
    expect(parts.packs).toHaveLength(4096);
    expect(same(parts.packs[4095]!, bytes.subarray(8190, 8192))).toBe(true);
  });

  it("hands over the checksums the file's header gives, refusing a count that is not the packs'", async () => {
    const { path } = await knownFile();
    const location = await locationOf(path, { at: 0, bytes: 10 }, [{ at: 10, bytes: 10 }]);
    const crc32 = { index: 1, packs: [2] };
    expect((await readStoreFile({ ...location, crc32 })).crc32).toEqual(crc32);
    expect((await readStoreFile(location)).crc32).toBeUndefined();
    expect((await refusal({ ...location, crc32: { index: 1, packs: [] } })).message).toContain(
      'not as many checksums as packs',
    );
  });

  it('refuses a missing file', async () => {
    const { path } = await knownFile();
    const location = await locationOf(path, { at: 0, bytes: 10 }, [{ at: 10, bytes: 10 }]);
    await rm(path);
    expect((await refusal(location)).message).toMatch(/no such file/);
  });

  it('refuses a file rewritten in place with other bytes of the same size', async () => {
    const { path } = await knownFile();
    const location = await locationOf(path, { at: 0, bytes: 10 }, [{ at: 10, bytes: 10 }]);
    await writeFile(path, knownBytes(fileBytes, 8));
    await utimes(path, mtimeSeconds + 100, mtimeSeconds + 100);
    const after = await stat(path);
    // Only the modification time tells it apart.
    expect([after.dev, after.ino, after.size]).toEqual([location.dev, location.ino, location.size]);
    expect((await refusal(location)).message).toContain('replaced or changed');
  });

  it('refuses a file replaced by a rename, though of the same bytes and time', async () => {
    const { path, bytes } = await knownFile();
    const location = await locationOf(path, { at: 0, bytes: 10 }, [{ at: 10, bytes: 10 }]);
    const other = join(dir, 'other.balloonlab');
    await writeFile(other, bytes);
    await utimes(other, mtimeSeconds, mtimeSeconds);
    await rename(other, path);
    const after = await stat(path);
    expect([after.size, after.mtimeMs]).toEqual([location.size, location.mtimeMs]);
    expect(after.ino).not.toBe(location.ino);
    expect((await refusal(location)).message).toContain('replaced or changed');
  });

  it('refuses a file appended to', async () => {
    const { path } = await knownFile();
    const location = await locationOf(path, { at: 0, bytes: 10 }, [{ at: 10, bytes: 10 }]);
    await appendFile(path, Buffer.of(1));
    await utimes(path, mtimeSeconds, mtimeSeconds);
    expect((await refusal(location)).message).toContain('replaced or changed');
  });

  it('refuses a range past the end of the file', async () => {
    const { path } = await knownFile();
    for (const range of [
      { at: fileBytes - 2, bytes: 3 },
      { at: fileBytes + 1, bytes: 0 },
    ]) {
      const asIndex = await locationOf(path, range, []);
      expect((await refusal(asIndex)).message).toContain('past the end of the file');
      const asPack = await locationOf(path, { at: 0, bytes: 4 }, [{ at: 4, bytes: 4 }, range]);
      expect((await refusal(asPack)).message).toContain('past the end of the file');
    }
  });

  it('refuses negative, fractional and non-finite ranges', async () => {
    const { path } = await knownFile();
    for (const range of [
      { at: -1, bytes: 4 },
      { at: 0, bytes: -1 },
      { at: 1.5, bytes: 4 },
      { at: 0, bytes: 0.5 },
      { at: Number.NaN, bytes: 4 },
      { at: 0, bytes: Number.POSITIVE_INFINITY },
    ]) {
      expect((await refusal(await locationOf(path, range, []))).message).toContain(
        'lies nowhere in the file',
      );
      const asPack = await locationOf(path, { at: 0, bytes: 4 }, [range]);
      expect((await refusal(asPack)).message).toContain('lies nowhere in the file');
    }
  });

  it('refuses more than 4096 packs', async () => {
    const { path } = await knownFile();
    const packs = Array.from({ length: 4097 }, () => ({ at: 0, bytes: 0 }));
    expect((await refusal(await locationOf(path, { at: 0, bytes: 0 }, packs))).message).toContain(
      'too many packs',
    );
  });
});
