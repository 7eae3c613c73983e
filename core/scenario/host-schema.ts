import { z } from 'zod';

/** Free-memory state thresholds in percent of minFree (ESXi 6.0+ defaults). */
export const thresholdsSchema = z
  .strictObject({
    clear: z.number().positive().default(100),
    soft: z.number().positive().default(64),
    hard: z.number().positive().default(32),
    low: z.number().positive().default(16),
  })
  .refine(
    (t) => t.clear > t.soft && t.soft > t.hard && t.hard > t.low,
    'thresholds must decrease: clear > soft > hard > low',
  );

export const hostSchema = z.strictObject({
  /** Memory the hypervisor manages (esxtop PMEM/VMKMEM), MiB. */
  memoryMiB: z
    .number()
    .int()
    .min(256)
    .max(16 * 1024 * 1024)
    .default(16384),
  /** Memory the hypervisor uses itself, MiB. */
  hypervisorMiB: z.number().int().min(0).default(512),
  /** Explicit minFree in MiB; null uses the ESXi sliding scale. */
  minFreeMiB: z.number().min(0).nullable().default(null),
  thresholdsPct: thresholdsSchema.prefault({}),
  /** Free memory must rise this many percent of minFree above a threshold before the state rises again. */
  hysteresisPct: z.number().min(0).max(100).default(4),
  /** Time to read one page back from the host swap file, microseconds. */
  swapInLatencyUs: z.number().min(0).default(4000),
  /** Time to decompress one page from the compression cache, microseconds. */
  decompressLatencyUs: z.number().min(0).default(20),
});

export type HostSpec = z.infer<typeof hostSchema>;
