import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTextFileCapped } from '../../../../electron/services/files/bounded-read';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-bounded-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTextFileCapped', () => {
  it('reads a file of exactly the cap, and refuses one byte more before reading', async () => {
    const path = join(dir, 'a.json');
    const text = `"${'é'.repeat(500)}x"`;
    await writeFile(path, text);
    const bytes = Buffer.byteLength(text);
    expect(await readTextFileCapped(path, bytes)).toBe(text);
    await expect(readTextFileCapped(path, bytes - 1)).rejects.toThrow(/limit; it was not opened/);
  });

  it('reads a file whose size says less than it holds, and refuses it once it passes the cap', async () => {
    // Files under /proc say they are empty and are not.
    if (process.platform !== 'linux') return;
    const status = await readFile('/proc/self/status', 'utf8');
    expect(status.length).toBeGreaterThan(100);
    const read = await readTextFileCapped('/proc/self/status', 1024 * 1024);
    expect(read.split('\n')[0]).toBe(status.split('\n')[0]);
    expect(read.length).toBeGreaterThan(100);
    await expect(readTextFileCapped('/proc/self/status', 50)).rejects.toThrow(
      /larger than the 50 bytes limit/,
    );
  });

  it('refuses bytes that are not UTF-8', async () => {
    const path = join(dir, 'b.json');
    await writeFile(path, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    await expect(readTextFileCapped(path, 100)).rejects.toThrow(/not UTF-8 text/);
  });
});
