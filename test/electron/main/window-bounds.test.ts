import fc from 'fast-check';
import { mkdtempSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultWindowBounds,
  readWindowBounds,
  sanitizeWindowBounds,
  writeWindowBounds,
} from '../../../electron/main/window-bounds';

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bounds-'));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const external = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('sanitizeWindowBounds', () => {
  it('keeps bounds that fit a screen', () => {
    expect(
      sanitizeWindowBounds({ x: 1500, y: -100, width: 1800, height: 1000, maximized: true }, [
        laptop,
        external,
      ]),
    ).toEqual({
      x: 1500,
      y: -100,
      width: 1800,
      height: 1000,
      maximized: true,
    });
  });

  it('centres a window whose screen was unplugged and shrinks it to the largest screen', () => {
    expect(
      sanitizeWindowBounds({ x: 1500, y: -100, width: 2400, height: 1300, maximized: false }, [laptop]),
    ).toEqual({
      width: 1440,
      height: 860,
      maximized: false,
    });
  });

  it('falls back to defaults for garbage', () => {
    for (const stored of [null, 'big', 42, [], { width: 'wide' }, { width: Number.NaN, height: Infinity }]) {
      const bounds = sanitizeWindowBounds(stored, [external]);
      expect(bounds.maximized).toBe(false);
      expect(bounds.x).toBeUndefined();
      expect([bounds.width, bounds.height]).toEqual([defaultWindowBounds.width, defaultWindowBounds.height]);
    }
  });

  it('always yields a reachable, sane window', () => {
    const area = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 640, max: 8000 }),
      height: fc.integer({ min: 400, max: 5000 }),
    });
    fc.assert(
      fc.property(fc.anything(), fc.array(area, { minLength: 1, maxLength: 3 }), (stored, screens) => {
        const b = sanitizeWindowBounds(stored, screens);
        expect(Number.isInteger(b.width) && Number.isInteger(b.height)).toBe(true);
        expect(b.width).toBeGreaterThanOrEqual(640);
        expect(b.width).toBeLessThanOrEqual(Math.max(...screens.map((s) => s.width)));
        expect(b.height).toBeLessThanOrEqual(Math.max(...screens.map((s) => s.height)));
        if (b.x !== undefined && b.y !== undefined) {
          const { x, y } = b;
          expect(
            screens.some((s) => x < s.x + s.width && x + b.width > s.x && y >= s.y && y < s.y + s.height),
          ).toBe(true);
        }
      }),
    );
  });
});

describe('readWindowBounds / writeWindowBounds', () => {
  it('round-trips through the file and leaves no temp files', async () => {
    const dir = tempDir();
    const file = join(dir, 'nested', 'window-state.json');
    await writeWindowBounds(file, { x: 10, y: 20, width: 1200, height: 800, maximized: false });
    await writeWindowBounds(file, { x: 30, y: 40, width: 1000, height: 700, maximized: true });
    await expect(readWindowBounds(file, [laptop])).resolves.toEqual({
      x: 30,
      y: 40,
      width: 1000,
      height: 700,
      maximized: true,
    });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['window-state.json']);
  });

  it('treats a missing, corrupt or oversized file as defaults', async () => {
    const dir = tempDir();
    await expect(readWindowBounds(join(dir, 'missing.json'), [external])).resolves.toEqual(
      defaultWindowBounds,
    );
    writeFileSync(join(dir, 'corrupt.json'), '{"width": 1200, "hei');
    await expect(readWindowBounds(join(dir, 'corrupt.json'), [external])).resolves.toEqual(
      defaultWindowBounds,
    );
    writeFileSync(join(dir, 'huge.json'), `{"width": 1200, "pad": "${'x'.repeat(100_000)}"}`);
    await expect(readWindowBounds(join(dir, 'huge.json'), [external])).resolves.toEqual(defaultWindowBounds);
  });
});
