/**
 * A guest page's whole state in one byte: bits 0-2 the guest's use of the PPN (class),
 * bits 3-5 the hypervisor's view (hv state), bits 6-7 the content kind. Orders match
 * `guestPageClasses`, `hvPageStates` (engine-types) and `contentKinds` (content-mix).
 */
export const CLASS_KERNEL = 0;
export const CLASS_HOT = 1;
export const CLASS_COLD = 2;
export const CLASS_CACHE = 3;
export const CLASS_FREE = 4;
export const CLASS_BALLOON = 5;

export const HV_UNBACKED = 0;
export const HV_PRIVATE = 1;
export const HV_SHARED = 2;
export const HV_BALLOONED = 3;
export const HV_COMPRESSED = 4;
export const HV_SWAPPED = 5;

/** Classes whose pages the guest touches (and so may fault or break a share). */
export const TOUCHED_CLASSES = 4;

/** The hv-state bits of a state byte in place (compare `byte & HV_MASK` with `hvBits(hv)`). */
export const HV_MASK = 0x38;
/** Class and hv-state bits together (the byte without its content). */
export const CLASS_HV_MASK = 0x3f;
/** Every bit but the class's (keep these to change only a page's class). */
export const ALL_BUT_CLASS = 0xf8;

/** `hv` shifted into its place in a state byte. */
export function hvBits(hv: number): number {
  return hv << 3;
}

export function pageByte(cls: number, hv: number, content: number): number {
  return cls | (hv << 3) | (content << 6);
}

export function classOf(b: number): number {
  return b & 7;
}

export function hvOf(b: number): number {
  return (b >> 3) & 7;
}

export function contentOf(b: number): number {
  return b >> 6;
}

/** Same byte with another class. */
export function withClass(b: number, cls: number): number {
  return (b & ~7) | cls;
}

/** Same byte with another hv state. */
export function withHv(b: number, hv: number): number {
  return (b & ~0x38) | (hv << 3);
}

/** Same byte with other content. */
export function withContent(b: number, content: number): number {
  return (b & 0x3f) | (content << 6);
}

/** Content kinds stored in the two top bits of a guest page's state byte. */
export const contentKinds = ['zero', 'os', 'compressible', 'incompressible'] as const;
export type ContentKind = (typeof contentKinds)[number];
export const CONTENT_ZERO = 0;
export const CONTENT_OS = 1;
export const CONTENT_COMPRESSIBLE = 2;
export const CONTENT_INCOMPRESSIBLE = 3;
