import { cellRect } from './grid-layout';
import type { GridLayout } from './grid-layout';

/**
 * A device-pixel buffer for a map canvas: `pixels` views `image.data` as one 32-bit RGBA word
 * per pixel. Reused between draws while the size stays, so a map update allocates nothing.
 */
export interface PixelBuffer {
  width: number;
  height: number;
  pixels: Uint32Array;
  image: ImageData;
}

export function createPixelBuffer(width: number, height: number, previous?: PixelBuffer | null): PixelBuffer {
  if (previous && previous.width === width && previous.height === height) {
    previous.pixels.fill(0);
    return previous;
  }
  const image = new ImageData(width, height);
  return { width, height, pixels: new Uint32Array(image.data.buffer), image };
}

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** 0xRRGGBB as the opaque 32-bit pixel word ImageData expects on this machine. */
export function pixelWord(rgb: number): number {
  const r = (rgb >> 16) & 0xff;
  const g = (rgb >> 8) & 0xff;
  const b = rgb & 0xff;
  return littleEndian
    ? ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | 0xff) >>> 0;
}

/**
 * Writes every cell's rectangle into the buffer in its colour (gaps stay transparent, so the
 * box behind shows). The canvas then takes one putImageData: one blit instead of thousands of
 * fillRect calls to rasterise, which keeps frames cheap without a GPU. Cost O(pixels covered).
 * Returns the number of cells painted.
 */
export function paintCells(buffer: PixelBuffer, layout: GridLayout, colors: Uint32Array): number {
  const n = Math.min(layout.cells, colors.length);
  const { width, height, pixels } = buffer;
  let lastColor = -1;
  let word = 0;
  for (let cell = 0; cell < n; cell += 1) {
    const color = colors[cell] ?? 0;
    if (color !== lastColor) {
      word = pixelWord(color);
      lastColor = color;
    }
    const r = cellRect(layout, cell);
    const x0 = Math.max(0, r.x);
    const x1 = Math.min(width, r.x + r.w);
    const y1 = Math.min(height, r.y + r.h);
    if (x1 <= x0) continue;
    for (let y = Math.max(0, r.y); y < y1; y += 1) pixels.fill(word, y * width + x0, y * width + x1);
  }
  return n;
}
