import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationReportCache } from '../../../../electron/services/validation/validation-report-cache';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bl-validation-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function cache(engineVersion: string, html = `<!doctype html><p>${engineVersion}</p>`) {
  let runs = 0;
  const c = new ValidationReportCache({
    cacheDir: join(dir, 'validation'),
    engineVersion,
    generate: async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return html;
    },
  });
  return { c, runs: () => runs };
}

describe('ValidationReportCache', () => {
  it('makes the report once per engine version, shared by concurrent callers, then serves the file', async () => {
    const a = cache('2.0.0');
    const [x, y] = await Promise.all([a.c.html(), a.c.html()]);
    expect(x).toBe('<!doctype html><p>2.0.0</p>');
    expect(y).toBe(x);
    expect(a.runs()).toBe(1);
    expect(await readFile(a.c.path, 'utf8')).toBe(x);
    // A new process (a new cache object) of the same engine reads the file instead of running again.
    const again = cache('2.0.0');
    expect(await again.c.file()).toBe(a.c.path);
    expect(again.runs()).toBe(0);
  });

  it('is stale when the engine version changes: the old report is removed and a new one made', async () => {
    await cache('2.0.0').c.html();
    const next = cache('2.1.0');
    expect(await next.c.html()).toBe('<!doctype html><p>2.1.0</p>');
    expect(next.runs()).toBe(1);
    expect(await readdir(join(dir, 'validation'))).toEqual(['validation-report-2.1.0.html']);
  });

  it('makes it again when the cached file is not a report', async () => {
    const a = cache('2.0.0');
    await a.c.html();
    await writeFile(a.c.path, 'garbage');
    const b = cache('2.0.0');
    expect(await b.c.html()).toBe('<!doctype html><p>2.0.0</p>');
    expect(b.runs()).toBe(1);
  });

  it('refuses an engine version that could name another file', () => {
    for (const bad of ['../x', 'a/b', '', '.hidden', 'x'.repeat(80)]) {
      expect(() => cache(bad), bad).toThrow(/not an engine version/);
    }
  });

  it('passes a failed run on, and tries again on the next call', async () => {
    let calls = 0;
    const c = new ValidationReportCache({
      cacheDir: dir,
      engineVersion: '2.0.0',
      generate: () =>
        ++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve('<!doctype html>ok'),
    });
    await expect(c.html()).rejects.toThrow('boom');
    expect(await c.html()).toBe('<!doctype html>ok');
  });
});
