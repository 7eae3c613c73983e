import type { WorkloadKind } from '../scenario/workload-schema';

/** What a workload wants at one instant, in 4 KiB pages. */
export interface WorkloadSample {
  /** Application (anonymous) pages the workload has allocated. */
  demandPages: number;
  /** Of those, pages it touches every sample period (its true working set, ACTV). */
  activePages: number;
}

/** Content of the pages a workload writes, in fractions 0..1. */
export interface ContentMix {
  /** Pages holding only zeros. */
  zeroFraction: number;
  /** Pages identical across VMs running the same guest OS (binaries, libraries). */
  osFraction: number;
  /** Of the other (unique) pages, the fraction compressing to 2 KiB or less. */
  compressibleFraction: number;
  /** Fraction of touches that write (a write breaks a shared page). */
  writeFraction: number;
  /** Page cache the workload's file I/O would like to keep, pages. */
  cachePages: number;
  /** The three fractions as 16-bit cut points (ceil(fraction x 65536)), for branch-free draws. */
  zeroCut: number;
  osCut: number;
  compressibleCut: number;
}

/**
 * A workload as a pure function of the time since it started (simulated seconds): the same
 * time always gives the same sample, so a restored engine sees exactly what it saw before.
 */
export interface Workload {
  readonly kind: WorkloadKind;
  readonly mix: ContentMix;
  at(timeS: number): WorkloadSample;
}
