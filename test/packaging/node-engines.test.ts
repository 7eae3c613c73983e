import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './built-app';

/** npm's own range logic (semver ships with npm's toolchain here; it has no bundled types). */
const semver = createRequire(import.meta.url)('semver') as {
  validRange(range: string): string | null;
  subset(sub: string, dom: string): boolean;
  minVersion(range: string): { major: number } | null;
};

/**
 * package.json "engines" says which Node runs everything the project installs, so it must not
 * promise a Node that some locked package refuses (npm ci would warn EBADENGINE on it).
 */
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as T;

describe('engines.node', () => {
  const declared = readJson<{ engines: { node: string } }>('package.json').engines.node;
  const lock = readJson<{ packages: Record<string, { engines?: { node?: string } | string[] }> }>(
    'package-lock.json',
  );

  it('is a valid range no wider than any locked package allows', () => {
    expect(semver.validRange(declared)).not.toBeNull();
    const refused = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(declared, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name} wants ${(entry.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });

  it('is the same in package-lock.json', () => {
    expect(lock.packages['']?.engines).toEqual({ node: declared });
  });

  it("includes Electron's own requirement, the reason the desktop tooling needs a newer Node", () => {
    const electron = lock.packages['node_modules/electron']?.engines as { node: string };
    expect(semver.subset(declared, electron.node)).toBe(true);
    expect(semver.minVersion(declared)?.major).toBeGreaterThanOrEqual(22);
  });
});
