import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionError, type SessionErrorCode } from '../../../../core/session/session-error';
import { serializeSessionDocument } from '../../../../core/session/serialize-session';
import {
  backupPathOf,
  readSessionFile,
  writeSessionFile,
} from '../../../../electron/services/session/session-file';
import { fixtureText, goldenFiles, sampleSession } from '../../../fixtures/sessions/session-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'balloon-session-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fingerprint(path: string): Promise<{ sha256: string; mtimeMs: number; mode: number }> {
  const s = await stat(path);
  return {
    sha256: createHash('sha256')
      .update(await readFile(path))
      .digest('hex'),
    mtimeMs: s.mtimeMs,
    mode: s.mode,
  };
}

async function refusalCode(
  path: string,
  options?: Parameters<typeof readSessionFile>[1],
): Promise<SessionErrorCode> {
  const error: unknown = await readSessionFile(path, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SessionError);
  return (error as SessionError).code;
}

const v1Text = fixtureText(goldenFiles.v1);
const v2Text = fixtureText(goldenFiles.v2);

describe('writeSessionFile / readSessionFile', () => {
  it('round-trips a session and keeps the previous version as .bak', async () => {
    const path = join(dir, 'lab.balloonlab');
    const first = sampleSession();
    const second = { ...first, name: 'second save', tick: 1300 };
    await writeSessionFile(path, first);
    await expect(stat(backupPathOf(path))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readSessionFile(path)).toEqual(first);
    await writeSessionFile(path, second);
    expect(await readSessionFile(path)).toEqual(second);
    expect(await readSessionFile(backupPathOf(path))).toEqual(first);
    expect(await readFile(path, 'utf8')).toBe(serializeSessionDocument(second));
    expect((await readdir(dir)).sort()).toEqual(['lab.balloonlab', 'lab.balloonlab.bak']);
  });

  it('saves a session opened from a @1 file in the current format', async () => {
    const path = join(dir, 'old.balloonlab');
    await writeFile(path, v1Text);
    await writeSessionFile(path, await readSessionFile(path));
    expect(await readFile(path, 'utf8')).toBe(v2Text);
    expect(await readFile(backupPathOf(path), 'utf8')).toBe(v1Text);
  });

  it('loads every golden file from disk', async () => {
    for (const name of Object.values(goldenFiles)) {
      const path = join(dir, name);
      await writeFile(path, fixtureText(name));
      expect((await readSessionFile(path)).name).toBe('Balloon vs swap, half way');
    }
  });

  it("keeps a replaced file's permissions", async () => {
    const path = join(dir, 'private.balloonlab');
    await writeSessionFile(path, sampleSession());
    await chmod(path, 0o600);
    await writeSessionFile(path, { ...sampleSession(), name: 'again' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses to write an invalid document and leaves the existing file alone', async () => {
    const path = join(dir, 'lab.balloonlab');
    await writeSessionFile(path, sampleSession());
    const before = await fingerprint(path);
    await expect(writeSessionFile(path, { ...sampleSession(), tick: -5 })).rejects.toBeInstanceOf(
      SessionError,
    );
    expect(await fingerprint(path)).toEqual(before);
    expect(await readdir(dir)).toEqual(['lab.balloonlab']);
  });
});

describe('refused files are left untouched', () => {
  const bad: Array<[name: string, content: string | Buffer, code: SessionErrorCode]> = [
    ['newer', v2Text.replace('session@2', 'session@3'), 'newer-version'],
    ['truncated', v2Text.slice(0, 777), 'corrupt'],
    ['empty', '', 'corrupt'],
    ['binary', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x81]), 'corrupt'],
    ['latin1', Buffer.from(v2Text.replace('half way', 'h\u00e4lfte'), 'latin1'), 'corrupt'],
    ['proto', v2Text.replace('"uiState": {', '"uiState": {"__proto__": {"polluted": true},'), 'invalid'],
    [
      'ctor',
      v2Text.replace('"app": {', '"app": {"constructor": {"prototype": {"polluted": true}},'),
      'invalid',
    ],
    ['inf', v2Text.replace('"tick": 1225', '"tick": 1e400'), 'invalid'],
    [
      'deep',
      v2Text.replace('"uiState": {', `"uiState": {"d": ${'['.repeat(100_000)}${']'.repeat(100_000)},`),
      'invalid',
    ],
    [
      'giant-string',
      v2Text.replace('"uiState": {', `"uiState": {"s": "${'x'.repeat(3_000_000)}",`),
      'invalid',
    ],
    ['wrong-type', v2Text.replace('"tick": 1225', '"tick": [1225]'), 'invalid'],
  ];

  it.each(bad)('%s', async (name, content, code) => {
    const path = join(dir, `${name}.balloonlab`);
    await writeFile(path, content);
    const before = await fingerprint(path);
    expect(await refusalCode(path)).toBe(code);
    expect(await fingerprint(path)).toEqual(before);
    expect(await readdir(dir)).toEqual([`${name}.balloonlab`]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a file over the size cap before reading it', async () => {
    const path = join(dir, 'huge.balloonlab');
    const handle = await open(path, 'w');
    await handle.truncate(65 * 1024 * 1024); // sparse: 65 MiB of zeros that would be 'corrupt' if parsed
    await handle.close();
    const before = await fingerprint(path);
    expect(await refusalCode(path)).toBe('too-large');
    expect(await fingerprint(path)).toEqual(before);
    // A valid file over a smaller cap is refused too: the size, not the content, decides.
    const valid = join(dir, 'valid.balloonlab');
    await writeFile(valid, v2Text);
    expect(await refusalCode(valid, { maxBytes: 1024 })).toBe('too-large');
    await expect(readSessionFile(valid, { maxBytes: v2Text.length })).resolves.toBeDefined();
  });

  it('reports missing files and folders as file-system errors, not as sessions', async () => {
    await expect(readSessionFile(join(dir, 'missing.balloonlab'))).rejects.toMatchObject({ code: 'ENOENT' });
    await mkdir(join(dir, 'folder.balloonlab'));
    expect(await refusalCode(join(dir, 'folder.balloonlab'))).toBe('invalid');
  });

  it('survives 300 byte-mutated files on disk: typed refusals only, files unchanged', async () => {
    const golden = Buffer.from(v2Text);
    const path = join(dir, 'fuzz.balloonlab');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        async (flips, cut) => {
          const bytes = Buffer.from(golden.subarray(0, golden.length - (cut % 50)));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          await writeFile(path, bytes);
          const before = await fingerprint(path);
          await readSessionFile(path).catch((e: unknown) => {
            if (!(e instanceof SessionError)) throw e;
          });
          expect(await fingerprint(path)).toEqual(before);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
    expect(await readdir(dir)).toEqual(['fuzz.balloonlab']);
  });
});
