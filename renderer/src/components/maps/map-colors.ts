import type { GuestPageClass, HostPageState, HvPageState } from '../../../../core/engine/engine-types';

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

// Ten well separated hues first; further VMs walk the golden angle and alternate lightness so
// that 32 VMs still tell apart.
const firstHues = [212, 28, 140, 352, 270, 48, 186, 318, 96, 0];

/**
 * The colour of the VM at `index` in the id-sorted VM list of the scenario: the same VM keeps
 * its colour across frames, zoom levels, maps and charts.
 */
export function vmColor(index: number, dark: boolean): Rgb {
  const i = Math.max(0, Math.floor(index));
  const hue = i < firstHues.length ? (firstHues[i] ?? 0) : (firstHues[0] ?? 0) + i * 137.508;
  const band = Math.floor(i / firstHues.length) % 3;
  const lightness = (dark ? [0.62, 0.74, 0.5] : [0.48, 0.62, 0.36])[band] ?? 0.5;
  return hslToRgb(hue, band === 0 ? 0.62 : 0.55, lightness);
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
