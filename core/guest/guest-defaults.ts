import type { GuestOs } from '../scenario/vm-schema';
import type { ContentMix } from '../workload/workload-types';
import { mixOf } from '../workload/content-mix';
import { CLASS_CACHE, CLASS_COLD, CLASS_HOT, CLASS_KERNEL } from './page-codes';

/** Kernel and resident OS size when vm.kernelMiB is null (core/scenario/vm-schema.ts). */
export function defaultKernelMiB(os: GuestOs): number {
  switch (os) {
    case 'linux':
      return 160;
    case 'windows':
      return 600;
    case 'freebsd':
      return 120;
    case 'other':
      return 200;
  }
}

/** Content of kernel pages: half of them are OS text identical across VMs of the same OS. */
export const kernelContentMix: ContentMix = mixOf(0.05, 0.5, 0.6, 0.1, 0);

/**
 * Mean time between touches of one page, seconds, by class. Hot pages are the working set
 * (touched about every second, so a hot page the host swapped faults back almost at once);
 * cold application pages and page cache are touched rarely, which is why the guest can swap
 * them cheaply; kernel pages sit in between. Free and ballooned pages are never touched.
 */
export const touchMeanS: Readonly<Record<number, number>> = {
  [CLASS_KERNEL]: 10,
  [CLASS_HOT]: 1,
  [CLASS_COLD]: 900,
  [CLASS_CACHE]: 300,
};

/** Probability that a page of `cls` is touched within `dtS` seconds. */
export function touchProbability(cls: number, dtS: number): number {
  const mean = touchMeanS[cls];
  return mean === undefined ? 0 : 1 - Math.exp(-dtS / mean);
}

/** How fast an application allocates (and first touches) memory: 128 MiB/s, a busy JVM or database warming up. */
export const appAllocPagesPerS = 32768;
/** How fast file I/O fills the page cache: 64 MiB/s. */
export const cacheFillPagesPerS = 16384;
/** How fast Windows zeroes its memory at boot: 2 GiB/s. */
export const windowsZeroPagesPerS = 524288;
