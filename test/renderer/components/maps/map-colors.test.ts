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
