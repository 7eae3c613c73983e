import { describe, expect, it } from 'vitest';
import {
  channels,
  cssColor,
  hslToRgb,
  luminance,
  mapPalette,
  mix,
  parseCssColor,
  rgb,
  vmColor,
} from '../../../../renderer/src/components/maps/map-colors';

describe('map colours', () => {
  it('packs, mixes and prints colours', () => {
    expect(rgb(255, 0, 128)).toBe(0xff0080);
    expect(channels(0x102030)).toEqual([16, 32, 48]);
    expect(mix(0x000000, 0xffffff, 0.5)).toBe(0x808080);
    expect(mix(0x123456, 0xabcdef, 0)).toBe(0x123456);
    expect(cssColor(0x0000ff)).toBe('#0000ff');
    expect(parseCssColor('#abc')).toBe(0xaabbcc);
    expect(parseCssColor('rgb(1, 2, 3)')).toBe(0x010203);
    expect(parseCssColor('nonsense')).toBeNull();
    expect(hslToRgb(0, 1, 0.5)).toBe(0xff0000);
    expect(luminance(0xffffff)).toBeCloseTo(1);
  });

  it('gives 32 VMs 32 different colours, the same ones every time', () => {
    for (const dark of [false, true]) {
      const colors = Array.from({ length: 32 }, (_, i) => vmColor(i, dark));
      expect(new Set(colors).size).toBe(32);
      expect(Array.from({ length: 32 }, (_, i) => vmColor(i, dark))).toEqual(colors);
    }
  });

  it('keeps VM colours apart from the free colour in both themes', () => {
    for (const dark of [false, true]) {
      const free = mapPalette(dark).hostStates.free;
      for (let i = 0; i < 32; i += 1) {
        const [r, g, b] = channels(vmColor(i, dark));
        const [fr, fg, fb] = channels(free);
        expect(Math.abs(r - fr) + Math.abs(g - fg) + Math.abs(b - fb)).toBeGreaterThan(60);
      }
    }
  });
});

/** CIELAB of an sRGB colour (D65), to measure how different two colours look. */
function lab(color: number): [number, number, number] {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(color).map(lin) as [number, number, number];
  const x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
  const y = r * 0.2126 + g * 0.7152 + b * 0.0722;
  const z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe('VM colours for up to 32 VMs', () => {
  it('tells any two of 32 VMs apart (delta E of 20 or more) in both themes', () => {
    for (const dark of [false, true]) {
      const colors = Array.from({ length: 32 }, (_, i) => lab(vmColor(i, dark)));
      let closest = Infinity;
      for (let i = 0; i < 32; i += 1)
        for (let j = 0; j < i; j += 1) {
          const [a, b] = [colors[i]!, colors[j]!];
          closest = Math.min(closest, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
        }
      expect(closest, dark ? 'dark' : 'light').toBeGreaterThanOrEqual(20);
    }
  });
});
