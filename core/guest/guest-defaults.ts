import type { GuestOs } from '../scenario/vm-schema';
import type { ContentMix } from '../workload/workload-types';
import { mixOf } from '../workload/content-mix';
import { CLASS_CACHE, CLASS_COLD, CLASS_HOT, CLASS_KERNEL } from '../memory/page-codes';

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
 * Mean time between touches of one page, seconds, by class. Hot pages are the working set,
 * touched about every second, so a hot page that was swapped (by the host or by the guest)
 * faults back almost at once. Page cache holds the workload's file set, re-read every few
 * minutes. Cold application pages are memory the application allocated and rarely uses
 * (initialisation data, caches it seldom consults): about once an hour, which is why the guest
 * can swap them cheaply. Kernel pages sit in between. Free and ballooned pages are never touched.
 */
export const touchMeanS: Readonly<Record<number, number>> = {
  [CLASS_KERNEL]: 10,
  [CLASS_HOT]: 1,
  [CLASS_COLD]: 3600,
  [CLASS_CACHE]: 300,
};

/** Probability that a page of `cls` is touched within `dtS` seconds. */
export function touchProbability(cls: number, dtS: number): number {
  const mean = touchMeanS[cls];
  return mean === undefined ? 0 : 1 - Math.exp(-dtS / mean);
}

/**
 * Pages one read of a file-set page brings into the page cache. Linux reads files ahead in
 * windows of up to 128 KiB (32 pages) when access is sequential; the file sets modelled here
 * (a database's tables, a web server's content) are read mostly at random, where readahead
 * pays off far less: 4 pages per disk access, so a page-cache miss costs a quarter of a
 * random read (guestDiskLatencyUs / 4).
 */
export const FILE_READAHEAD_PAGES = 4;

/**
 * Guest swap size when the scenario leaves it null, MiB, following the sizing that common
 * installers apply (Red Hat's recommendation, which Anaconda uses; Windows sizes its page
 * file to memory in the same range): twice the memory up to 2 GiB, equal to it up to 8 GiB,
 * half of it up to 64 GiB (at least 4 GiB), and 4 GiB beyond.
 */
export function defaultGuestSwapMiB(memoryMiB: number): number {
  if (memoryMiB <= 2048) return 2 * memoryMiB;
  if (memoryMiB <= 8192) return memoryMiB;
  if (memoryMiB <= 65536) return Math.max(4096, Math.round(memoryMiB / 2));
  return 4096;
}

/** How fast an application allocates (and first touches) memory: 128 MiB/s, a busy JVM or database warming up. */
export const appAllocPagesPerS = 32768;
/** How fast file I/O fills the page cache: 64 MiB/s. */
export const cacheFillPagesPerS = 16384;
/** How fast Windows zeroes its memory at boot: 2 GiB/s. */
export const windowsZeroPagesPerS = 524288;
