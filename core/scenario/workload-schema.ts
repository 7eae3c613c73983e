import { z } from 'zod';

/**
 * Content of the pages a workload touches, in percent of its demand. The rest is unique,
 * incompressible-or-not according to `compressiblePct` (percent of non-zero pages that
 * compress to <= 2 KiB).
 */
const contentFields = {
  /** Percent of demanded pages that hold only zeros (shared with the host-wide zero page). */
  zeroPct: z.number().min(0).max(100).default(5),
  /** Percent of demanded pages identical across VMs with the same guestOs (libraries, binaries). */
  osPct: z.number().min(0).max(100).default(10),
  /** Percent of the remaining pages that compress to 2 KiB or less. */
  compressiblePct: z.number().min(0).max(100).default(50),
  /** Percent of touches that are writes (a write breaks a shared page). */
  writePct: z.number().min(0).max(100).default(30),
  /** Page cache the workload's file I/O would like to keep, in MiB. */
  cacheMiB: z.number().min(0).default(256),
};

const activePct = z.number().min(0).max(100);
const demandMiB = z.number().min(0);

/** Constant demand; `activePct` of it is touched every sample period. */
export const steadyWorkloadSchema = z.strictObject({
  kind: z.literal('steady'),
  demandMiB: demandMiB.default(1024),
  activePct: activePct.default(30),
  ...contentFields,
});

/** A VM that touched memory long ago and now barely uses it. */
export const idleWorkloadSchema = z.strictObject({
  kind: z.literal('idle'),
  demandMiB: demandMiB.default(256),
  activePct: activePct.default(2),
  ...contentFields,
});

/** Linear change of demand from `fromMiB` to `toMiB` between `startS` and `startS + overS`. */
export const rampWorkloadSchema = z.strictObject({
  kind: z.literal('ramp'),
  fromMiB: demandMiB.default(512),
  toMiB: demandMiB.default(2048),
  startS: z.number().min(0).default(0),
  overS: z.number().positive().default(600),
  activePct: activePct.default(30),
  ...contentFields,
});

export const phaseSchema = z.strictObject({
  durationS: z.number().positive(),
  demandMiB,
  activePct: activePct.default(30),
});

/** Piecewise-constant demand; repeats from the first phase when `repeat` is true. */
export const phasesWorkloadSchema = z.strictObject({
  kind: z.literal('phases'),
  phases: z.array(phaseSchema).min(1).max(1000),
  repeat: z.boolean().default(true),
  ...contentFields,
});

/** Demand oscillating around `meanMiB`. */
export const sineWorkloadSchema = z.strictObject({
  kind: z.literal('sine'),
  meanMiB: demandMiB.default(1024),
  amplitudeMiB: demandMiB.default(512),
  periodS: z.number().positive().default(600),
  activePct: activePct.default(30),
  ...contentFields,
});

/** A base demand with bursts at seeded-random exponential gaps (mean `meanGapS`). */
export const burstyWorkloadSchema = z.strictObject({
  kind: z.literal('bursty'),
  baseMiB: demandMiB.default(512),
  burstMiB: demandMiB.default(1536),
  meanGapS: z.number().positive().default(300),
  burstS: z.number().positive().default(60),
  activePct: activePct.default(50),
  ...contentFields,
});

export const traceSampleSchema = z.strictObject({
  atS: z.number().min(0),
  demandMiB,
  activePct: activePct.default(30),
});

/** Recorded samples of time, demand and active percent; each sample holds until the next. */
export const traceWorkloadSchema = z.strictObject({
  kind: z.literal('trace'),
  samples: z
    .array(traceSampleSchema)
    .min(1)
    .max(100_000)
    .refine(
      (s) => s.every((x, i) => i === 0 || x.atS > s[i - 1]!.atS),
      'samples must be sorted by atS, strictly increasing',
    ),
  ...contentFields,
});

export const workloadSchema = z.discriminatedUnion('kind', [
  steadyWorkloadSchema,
  idleWorkloadSchema,
  rampWorkloadSchema,
  phasesWorkloadSchema,
  sineWorkloadSchema,
  burstyWorkloadSchema,
  traceWorkloadSchema,
]);

export type WorkloadSpec = z.infer<typeof workloadSchema>;
export type WorkloadKind = WorkloadSpec['kind'];
export const workloadKinds: readonly WorkloadKind[] = [
  'steady',
  'idle',
  'ramp',
  'phases',
  'sine',
  'bursty',
  'trace',
];
