import type { WorkloadSpec } from '../scenario/workload-schema';
import type { ContentMix } from './workload-types';
import { CONTENT_COMPRESSIBLE, CONTENT_INCOMPRESSIBLE } from '../memory/page-codes';
import { mibToPages } from '../model/units';

/** The content mix of a workload spec. */
export function contentMixOf(spec: WorkloadSpec): ContentMix {
  return mixOf(
    spec.zeroPct / 100,
    spec.osPct / 100,
    spec.compressiblePct / 100,
    spec.writePct / 100,
    mibToPages(spec.cacheMiB),
  );
}

/** A content mix from fractions (0..1). */
export function mixOf(
  zero: number,
  os: number,
  compressible: number,
  write: number,
  cachePages: number,
): ContentMix {
  return {
    zeroFraction: zero,
    osFraction: os,
    compressibleFraction: compressible,
    writeFraction: write,
    cachePages,
    zeroCut: Math.ceil(zero * 65536),
    osCut: Math.ceil(Math.min(1, zero + os) * 65536),
    compressibleCut: Math.ceil(compressible * 65536),
  };
}

/**
 * Fraction of page pairs (2k, 2k+1) holding the same content when both are OS pages: a
 * library or file loaded twice in one guest. This is what salted (per-VM) sharing can
 * still find besides zero pages.
 */
export const DUP_PAIR_FRACTION = 0.2;

/** True when PPNs p and p ^ 1 are a duplicate pair. */
const DUP_CUT = Math.ceil(DUP_PAIR_FRACTION * 0x10000);

export function isDupPair(ppn: number): boolean {
  return hash16(ppn >>> 1, 0x68e31da5) < DUP_CUT;
}

/**
 * 16 well-spread bits from an integer and an odd multiplier: one multiply of the xor-folded
 * value, top half kept. Cheap enough to run for every page written; different multipliers
 * give practically independent draws.
 */
function hash16(x: number, multiplier: number): number {
  return Math.imul(x ^ (x >>> 15), multiplier) >>> 16;
}

/** The page whose hash decides the content of `ppn`: the pair's even page for a duplicate pair. */
function contentKey(ppn: number): number {
  // ~1 for a duplicate pair (clear the low bit), ~0 otherwise; no branch.
  return ppn & ~((hash16(ppn >>> 1, 0x68e31da5) - DUP_CUT) >>> 31);
}

/**
 * Content an application writes into guest page `ppn`. It is a function of the page number,
 * not a random draw, so two VMs running the same workload lay out the same content at the
 * same guest addresses, as clones of one template do; that is what lets host-wide page
 * sharing find OS pages identical across VMs. Both pages of a duplicate pair get the same.
 */
export function contentForPage(ppn: number, mix: ContentMix): number {
  const key = contentKey(ppn);
  const u = hash16(key, 0x2c1b3c6d);
  const v = hash16(key, 0x297a2d39);
  // Branch-free (content kinds are random, so branches would mispredict): each term is 0 or 1.
  const notZero = (mix.zeroCut - 1 - u) >>> 31;
  const notOs = (mix.osCut - 1 - u) >>> 31;
  const incompressible = notOs & ((mix.compressibleCut - 1 - v) >>> 31);
  return notZero + notOs + incompressible;
}

/** Content of a unique page after a write (its compressibility drawn from the page number). */
export function uniqueContentForPage(ppn: number, mix: ContentMix): number {
  return CONTENT_COMPRESSIBLE + ((mix.compressibleCut - 1 - hash16(ppn, 0x297a2d39)) >>> 31);
}

/**
 * Identity of the OS content held by an OS page: equal identities are equal contents. It is
 * the page number (the pair's even page for a duplicate pair), so OS pages at the same guest
 * address of VMs running the same OS are identical, and lookups follow the scan through memory.
 */
export function osContentId(ppn: number): number {
  return contentKey(ppn);
}

/** True when a page of this content compresses to 2 KiB or less. */
export function isCompressible(content: number): boolean {
  return content !== CONTENT_INCOMPRESSIBLE;
}
