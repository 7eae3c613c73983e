import { describe, expect, it } from 'vitest';
import { cellAt, gridLayout } from '../../../../renderer/src/components/maps/grid-layout';
import { createPixelBuffer, paintCells, pixelWord } from '../../../../renderer/src/components/maps/map-draw';

describe('paintCells', () => {
  it('paints every pixel of every cell in its colour and leaves gaps transparent', () => {
    const width = 300;
    const height = 200;
    const layout = gridLayout(0, 0, width, height, 600);
    const colors = Uint32Array.from({ length: 600 }, (_, i) => [0xff0000, 0x00ff00, 0x0000ff][i % 3] ?? 0);
    const buffer = createPixelBuffer(width, height);
    expect(paintCells(buffer, layout, colors)).toBe(600);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const cell = cellAt(layout, x, y);
        const px = buffer.pixels[y * width + x];
        if (px === 0) continue; // a gap
        expect(cell).toBeGreaterThanOrEqual(0);
        expect(px).toBe(pixelWord(colors[cell] ?? 0));
      }
    }
    const painted = buffer.pixels.filter((p) => p !== 0).length;
    expect(painted).toBeGreaterThan(width * height * 0.5);
  });

  it('writes RGBA bytes the way ImageData reads them', () => {
    const buffer = createPixelBuffer(2, 1);
    paintCells(buffer, gridLayout(0, 0, 2, 1, 2), Uint32Array.of(0x112233, 0x445566));
    expect(Array.from(buffer.image.data)).toEqual([0x11, 0x22, 0x33, 0xff, 0x44, 0x55, 0x66, 0xff]);
  });

  it('reuses and clears the buffer while the size stays', () => {
    const a = createPixelBuffer(4, 4);
    a.pixels.fill(7);
    const b = createPixelBuffer(4, 4, a);
    expect(b).toBe(a);
    expect(b.pixels.every((p) => p === 0)).toBe(true);
    expect(createPixelBuffer(5, 4, a)).not.toBe(a);
  });

  it('paints only the cells the map has', () => {
    const buffer = createPixelBuffer(30, 20);
    expect(paintCells(buffer, gridLayout(0, 0, 30, 20, 10), new Uint32Array(50).fill(0xffffff))).toBe(10);
  });
});
