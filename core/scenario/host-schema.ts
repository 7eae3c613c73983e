import { z } from 'zod';
import { maxHostMemoryMiB, maxLatencyUs, maxThresholdPct } from './scenario-limits';

/** Free-memory state thresholds in percent of minFree (ESXi 6.0+ defaults). */
export const thresholdsSchema = z
  .strictObject({
    clear: z
      .number()
      .positive()
      .max(maxThresholdPct)
      .default(100)
      .describe('Below this percent of minFree the host leaves high for clear.'),
    soft: z
      .number()
      .positive()
      .max(maxThresholdPct)
      .default(64)
      .describe('Below this percent of minFree the host enters soft: ballooning reclaims memory.'),
    hard: z
      .number()
      .positive()
      .max(maxThresholdPct)
      .default(32)
      .describe('Below this percent of minFree the host enters hard: compression and hypervisor swap.'),
    low: z
      .number()
      .positive()
      .max(maxThresholdPct)
      .default(16)
      .describe(
        'Below this percent of minFree the host enters low: VMs above their target block on allocation.',
      ),
  })
  .refine(
    (t) => t.clear > t.soft && t.soft > t.hard && t.hard > t.low,
    'thresholds must decrease: clear > soft > hard > low',
  )
  .describe('Free-memory state thresholds in percent of minFree (ESXi 6.0+: 100/64/32/16); must decrease.');

export const hostSchema = z
  .strictObject({
    memoryMiB: z
      .number()
      .int()
      .min(256)
      .max(maxHostMemoryMiB)
      .default(16384)
      .describe('Memory the hypervisor manages (esxtop PMEM), MiB.'),
    hypervisorMiB: z
      .number()
      .int()
      .min(0)
      .max(maxHostMemoryMiB)
      .default(512)
      .describe('Memory the hypervisor uses itself, MiB; must be below memoryMiB.'),
    minFreeMiB: z
      .number()
      .min(0)
      .max(maxHostMemoryMiB)
      .nullable()
      .default(null)
      .describe(
        'Explicit minFree, MiB; null uses the ESXi sliding scale (6% of the first 4 GiB, 4% of the next 8, 2% of the next 16, 1% of the rest).',
      ),
    thresholdsPct: thresholdsSchema.prefault({}),
    largePages: z
      .boolean()
      .nullable()
      .default(null)
      .describe(
        "Back guest memory with 2 MiB large pages (ESXi Mem.AllocGuestLargePage): page sharing and host swapping then work only on large pages the host has broken, which it does lazily below 400% of minFree and actively from the clear state down. null = the hypervisor's default: on for the esx and static policies, off for kvm-mom, hyperv and xen.",
      ),
    hysteresisPct: z
      .number()
      .min(0)
      .max(100)
      .default(4)
      .describe(
        'Free memory must rise this many percent of minFree above a threshold before the host state rises again.',
      ),
    swapInLatencyUs: z
      .number()
      .min(0)
      .max(maxLatencyUs)
      .default(4000)
      .describe('Time to read one page back from the hypervisor swap file, microseconds.'),
    decompressLatencyUs: z
      .number()
      .min(0)
      .max(maxLatencyUs)
      .default(20)
      .describe('Time to decompress one page from the compression cache, microseconds.'),
  })
  .describe('The physical host and its free-memory states.');

export type HostSpec = z.infer<typeof hostSchema>;
