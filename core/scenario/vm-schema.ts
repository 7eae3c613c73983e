import { z } from 'zod';
import { workloadSchema } from './workload-schema';

export const guestOsKinds = ['linux', 'windows', 'freebsd', 'other'] as const;
export const balloonDriverStates = ['ok', 'absent', 'slow', 'stuck'] as const;
export const shareLevels = ['low', 'normal', 'high'] as const;
export type GuestOs = (typeof guestOsKinds)[number];
export type BalloonDriverState = (typeof balloonDriverStates)[number];

/** Shares per configured MiB of the named levels (vSphere: 5/10/20). */
export const sharesPerMiB: Record<(typeof shareLevels)[number], number> = { low: 5, normal: 10, high: 20 };

export const sharesSchema = z.union([z.enum(shareLevels), z.number().int().min(1).max(1_000_000_000)]);

export const vmIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/,
    'must be 1-32 letters, digits, dot, dash or underscore, starting with a letter or digit',
  );

/** Fields of a VM that a scenario event or a live intervention may change. */
export const vmSettingsSchema = z.strictObject({
  reservationMiB: z.number().int().min(0).optional(),
  limitMiB: z.number().int().min(1).nullable().optional(),
  shares: sharesSchema.optional(),
  balloonDriver: z.enum(balloonDriverStates).optional(),
  workload: workloadSchema.optional(),
});

export const vmSchema = z.strictObject({
  id: vmIdSchema,
  /** Display name; defaults to the id. */
  name: z.string().max(64).optional(),
  /** Configured memory (MEMSZ), MiB. */
  memoryMiB: z
    .number()
    .int()
    .min(64)
    .max(4 * 1024 * 1024)
    .default(4096),
  reservationMiB: z.number().int().min(0).default(0),
  limitMiB: z.number().int().min(1).nullable().default(null),
  shares: sharesSchema.default('normal'),
  guestOs: z.enum(guestOsKinds).default('linux'),
  balloonDriver: z.enum(balloonDriverStates).default('ok'),
  /** Simulated second the VM powers on; null keeps it off until an event powers it on. */
  powerOnAtS: z.number().min(0).nullable().default(0),
  /** Overhead memory (OVHD) in MiB; null = 25 MiB + 1/128 of configured memory. */
  overheadMiB: z.number().min(0).nullable().default(null),
  /** Guest kernel and resident OS size in MiB; null = by guestOs (linux 160, windows 600, freebsd 120, other 200). */
  kernelMiB: z.number().min(0).nullable().default(null),
  /** Latency of one page read from the guest's own swap disk, microseconds. */
  guestDiskLatencyUs: z.number().min(0).default(4000),
  workload: workloadSchema.prefault({ kind: 'steady' }),
});

export type VmSpec = z.infer<typeof vmSchema>;
export type VmSettings = z.infer<typeof vmSettingsSchema>;
