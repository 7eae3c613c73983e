import type { GuestPageClass, HostPageState, HvPageState } from '../../../../core/model/memory-maps';

/** A colour packed as 0xRRGGBB, cheap to compare, mix and group by. */
export type Rgb = number;

export function rgb(r: number, g: number, b: number): Rgb {
  const c = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  return (c(r) << 16) | (c(g) << 8) | c(b);
}

export function channels(color: Rgb): [number, number, number] {
  return [(color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff];
}

/** Linear blend: t = 0 gives `a`, t = 1 gives `b`. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const [ar, ag, ab] = channels(a);
  const [br, bg, bb] = channels(b);
  return rgb(ar + (br - ar) * t, ag + (bg - ag) * t, ab + (bb - ab) * t);
}

const cssCache = new Map<Rgb, string>();

export function cssColor(color: Rgb): string {
  let s = cssCache.get(color);
  if (s === undefined) {
    s = `#${color.toString(16).padStart(6, '0')}`;
    cssCache.set(color, s);
  }
  return s;
}

export function parseCssColor(text: string): Rgb | null {
  const t = text.trim();
  const hex = /^#([0-9a-f]{6})$/i.exec(t);
  if (hex?.[1] !== undefined) return Number.parseInt(hex[1], 16);
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(t);
  if (short) return Number.parseInt(`${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`, 16);
  const fn = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(t);
  if (fn) return rgb(Number(fn[1]), Number(fn[2]), Number(fn[3]));
  return null;
}

/** Relative luminance (0 black .. 1 white), to tell a dark theme from a light one. */
export function luminance(color: Rgb): number {
  const [r, g, b] = channels(color).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function hslToRgb(hueDeg: number, saturation: number, lightness: number): Rgb {
  const h = (((hueDeg % 360) + 360) % 360) / 360;
  const s = saturation;
  const l = lightness;
  if (s === 0) return rgb(l * 255, l * 255, l * 255);
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const hue = (t: number) => {
    const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (u < 1 / 6) return p + (q - p) * 6 * u;
    if (u < 1 / 2) return q;
    if (u < 2 / 3) return p + (q - p) * (2 / 3 - u) * 6;
    return p;
  };
  return rgb(hue(h + 1 / 3) * 255, hue(h) * 255, hue(h - 1 / 3) * 255);
}

/**
 * 32 VM colours per theme, picked greedily so that each is as far as possible (CIELAB) from
 * all before it and from the page background: any two differ by a delta E of at least 20, so
 * that 32 VMs still tell apart on maps, lists and charts. Light-theme colours are mid-dark,
 * dark-theme colours mid-light.
 */
export const vmPaletteLight: readonly Rgb[] = [
  0x2f6fc0, 0x26d926, 0xd92626, 0x656b2e, 0xd926d9, 0x26d9d9, 0x821757, 0xd9d926, 0x1f1fad, 0xc27870,
  0xd99126, 0x1fad66, 0x2e5f6b, 0xb170c2, 0x822217, 0xc2c270, 0x74ad1f, 0x442277, 0xe0527c, 0x52b6e0,
  0x3d8f76, 0x6b462e, 0x9952e0, 0xd926a3, 0x265cd9, 0x2e3a6b, 0x52e06e, 0xb38a4d, 0xc66339, 0x337722,
  0xc27099, 0xad9f1f,
];
export const vmPaletteDark: readonly Rgb[] = [
  0x5b9be0, 0x26d926, 0xd92626, 0xd926d9, 0xddcc88, 0x26d9c7, 0xe87da8, 0x264ad9, 0xc7d926, 0xd97f26,
  0x4db357, 0xbd7de8, 0xb8d4e0, 0xb3614d, 0xd92691, 0xd2b0e8, 0xf0afa8, 0x4d57b3, 0xa8f0af, 0xd9265c,
  0x39aac6, 0x7f26d9, 0xd9b526, 0xafd161, 0xb38a4d, 0xb34d9e, 0x94d1b9, 0x8be052, 0xe0d0b8, 0x4db380,
  0xa752e0, 0x26d991,
];

/**
 * The colour of the VM at `index` in the id-sorted VM list of the scenario: the same VM keeps
 * its colour across frames, zoom levels, maps and charts. Past 32 VMs the hues walk the golden
 * angle (they may then resemble earlier ones).
 */
export function vmColor(index: number, dark: boolean): Rgb {
  const i = Math.max(0, Math.floor(index));
  const fixed = (dark ? vmPaletteDark : vmPaletteLight)[i];
  if (fixed !== undefined) return fixed;
  return hslToRgb(212 + i * 137.508, 0.55, dark ? 0.66 : 0.44);
}

/** vmColor as a CSS colour. */
export function vmColorCss(index: number, dark: boolean): string {
  return cssColor(vmColor(index, dark));
}

export interface MapPalette {
  dark: boolean;
  /** Unused cells and the page background behind the grid. */
  background: Rgb;
  hostStates: Record<HostPageState, Rgb>;
  /** Cells mostly shared across several VMs (owner -2). */
  sharedAcross: Rgb;
  guestClasses: Record<GuestPageClass, Rgb>;
  hvStates: Record<HvPageState, Rgb>;
}

export function mapPalette(dark: boolean): MapPalette {
  const empty = dark ? 0x2b3139 : 0xe6e9ee;
  return {
    dark,
    background: dark ? 0x1b1f24 : 0xffffff,
    hostStates: {
      free: empty,
      hypervisor: dark ? 0x8b95a1 : 0x4b5563,
      overhead: dark ? 0xb59f7c : 0x9c8262,
      private: dark ? 0x5b9be0 : 0x2f76c0,
      shared: dark ? 0x4cc9b5 : 0x26a48f,
      zip: dark ? 0xe8a23f : 0xcf7f14,
    },
    sharedAcross: dark ? 0x7fe0d0 : 0x5fc7b6,
    guestClasses: {
      kernel: dark ? 0x9aa3ae : 0x5b6472,
      hot: dark ? 0xf0704a : 0xdc4b24,
      cold: dark ? 0x6f9ce6 : 0x3d6fc4,
      cache: dark ? 0x56c4b0 : 0x2e9e8a,
      free: empty,
      balloon: dark ? 0xb98ad6 : 0x8e4db3,
    },
    hvStates: {
      unbacked: empty,
      private: dark ? 0x66b67e : 0x3f8f5a,
      shared: dark ? 0x56c8da : 0x2a9fb3,
      ballooned: dark ? 0xb98ad6 : 0x8e4db3,
      compressed: dark ? 0xecb24a : 0xd08f1c,
      swapped: dark ? 0xe46a5c : 0xb8382a,
    },
  };
}
