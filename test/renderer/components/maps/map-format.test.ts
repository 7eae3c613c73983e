import { describe, expect, it } from 'vitest';
import {
  formatPageRange,
  formatPagesAsMemory,
  mapDigest,
  windowLabel,
} from '../../../../renderer/src/components/maps/map-format';

describe('map labels', () => {
  it('prints memory in readable units', () => {
    expect(formatPagesAsMemory(1)).toBe('4 KiB');
    expect(formatPagesAsMemory(512)).toBe('2.0 MiB');
    expect(formatPagesAsMemory(256 * 1024 * 16)).toBe('16.0 GiB');
    expect(formatPagesAsMemory(256 * 1024 * 2)).toBe('2.00 GiB');
  });

  it('prints a page range with its MiB offsets', () => {
    expect(formatPageRange(0, 256)).toBe('pages 0–255 · MiB 0.0–1.0');
    expect(formatPageRange(2560, 2560)).toBe('pages 2,560–5,119 · MiB 10.0–20.0');
  });

  it('says what the map shows', () => {
    expect(windowLabel({ firstPage: 0, pageCount: 4_194_304, pagesPerCell: 1024 }, 4_194_304)).toBe(
      'all 16.0 GiB · 1,024 pages/cell',
    );
    expect(windowLabel({ firstPage: 64, pageCount: 64, pagesPerCell: 1 }, 4_194_304)).toBe(
      'pages 64–127 of 4,194,304 (256 KiB) · 1 page/cell',
    );
  });

  it('digests differ when the content or the window does', () => {
    const a = mapDigest(0, 10, Uint32Array.of(1, 2, 3));
    expect(mapDigest(0, 10, Uint32Array.of(1, 2, 3))).toBe(a);
    expect(mapDigest(0, 10, Uint32Array.of(1, 2, 4))).not.toBe(a);
    expect(mapDigest(5, 10, Uint32Array.of(1, 2, 3))).not.toBe(a);
  });
});
