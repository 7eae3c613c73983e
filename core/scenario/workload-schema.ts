import { z } from 'zod';
import { maxTimeS, maxTraceSamples, maxVmMemoryMiB } from './scenario-limits';

/**
 * Content of the pages a workload touches, in percent of its demand. The rest is unique,
 * incompressible-or-not according to `compressiblePct` (percent of non-zero pages that
 * compress to <= 2 KiB). `cacheMiB` is the workload's file working set; its default depends
 * on the kind (see {@link fileSetDefaultMiB}).
 */
const contentFieldsWithoutFiles = {
  zeroPct: z
    .number()
    .min(0)
    .max(100)
    .default(5)
    .describe('Percent of demanded pages that hold only zeros (all share one machine page).'),
  osPct: z
    .number()
    .min(0)
    .max(100)
    .default(10)
    .describe('Percent of demanded pages identical across VMs with the same guestOs (libraries, binaries).'),
  compressiblePct: z
    .number()
    .min(0)
    .max(100)
    .default(50)
    .describe('Percent of the remaining pages that compress to 2 KiB or less.'),
  writePct: z
    .number()
    .min(0)
    .max(100)
    .default(30)
    .describe('Percent of touches that are writes (a write breaks a shared page).'),
};

/**
 * Default file working set per workload kind, MiB: a busy service re-reads its binaries,
 * libraries, data and log files (256 MiB); an idle guest only its daemons' few files (64 MiB).
 */
export const fileSetDefaultMiB = { busy: 256, idle: 64 } as const;

/**
 * The workload's file working set: the files it reads again and again. The guest keeps them in
 * its page cache while memory allows; a file page that is not cached when the workload touches
 * it is read from the virtual disk (a page-cache miss, which costs time).
 */
function fileSet(defaultMiB: number) {
  return {
    cacheMiB: z
      .number()
      .min(0)
      .max(maxVmMemoryMiB)
      .default(defaultMiB)
      .describe(
        `File working set, MiB: files the workload reads again and again. Cached while memory allows; a miss reads the virtual disk and costs time. Default ${defaultMiB}.`,
      ),
  };
}

const contentFields = { ...contentFieldsWithoutFiles, ...fileSet(fileSetDefaultMiB.busy) };

const kindDescription = 'Which workload this is; it decides the other fields.';
const activeDescription = 'Percent of the demand touched every sample period (the hot set).';
const activePct = z.number().min(0).max(100);
const demandMiB = z.number().min(0).max(maxVmMemoryMiB);
const periodS = z.number().positive().max(maxTimeS);
const timeS = z.number().min(0).max(maxTimeS);

/** Constant demand; `activePct` of it is touched every sample period. */
export const steadyWorkloadSchema = z
  .strictObject({
    kind: z.literal('steady').describe(kindDescription),
    demandMiB: demandMiB.default(1024).describe('Memory the workload uses, MiB.'),
    activePct: activePct.default(30).describe(activeDescription),
    ...contentFields,
  })
  .meta({
    id: 'workload-steady',
    description: 'Constant demand; activePct of it is touched every sample period.',
  });

/** A VM that touched memory long ago and now barely uses it. */
export const idleWorkloadSchema = z
  .strictObject({
    kind: z.literal('idle').describe(kindDescription),
    demandMiB: demandMiB.default(256).describe('Memory the workload keeps, MiB.'),
    activePct: activePct.default(2).describe(activeDescription),
    ...contentFieldsWithoutFiles,
    ...fileSet(fileSetDefaultMiB.idle),
  })
  .meta({ id: 'workload-idle', description: 'A VM that touched memory long ago and now barely uses it.' });

/** Linear change of demand from `fromMiB` to `toMiB` between `startS` and `startS + overS`. */
export const rampWorkloadSchema = z
  .strictObject({
    kind: z.literal('ramp').describe(kindDescription),
    fromMiB: demandMiB.default(512).describe('Demand before the ramp, MiB.'),
    toMiB: demandMiB.default(2048).describe('Demand after the ramp, MiB.'),
    startS: timeS.default(0).describe('Seconds after the workload starts (or is set) that the ramp begins.'),
    overS: periodS.default(600).describe('Length of the ramp, seconds.'),
    activePct: activePct.default(30).describe(activeDescription),
    ...contentFields,
  })
  .meta({
    id: 'workload-ramp',
    description: 'Demand changing linearly from fromMiB to toMiB between startS and startS + overS.',
  });

export const phaseSchema = z.strictObject({
  durationS: periodS.describe('Length of the phase, seconds.'),
  demandMiB: demandMiB.describe('Demand during the phase, MiB.'),
  activePct: activePct.default(30).describe(activeDescription),
});

/** Piecewise-constant demand; repeats from the first phase when `repeat` is true. */
export const phasesWorkloadSchema = z
  .strictObject({
    kind: z.literal('phases').describe(kindDescription),
    phases: z.array(phaseSchema).min(1).max(1000).describe('The phases in order (1 to 1000).'),
    repeat: z.boolean().default(true).describe('Start again from the first phase after the last.'),
    ...contentFields,
  })
  .meta({ id: 'workload-phases', description: 'Piecewise-constant demand, optionally repeating.' });

/** Demand oscillating around `meanMiB`. */
export const sineWorkloadSchema = z
  .strictObject({
    kind: z.literal('sine').describe(kindDescription),
    meanMiB: demandMiB.default(1024).describe('Centre of the oscillation, MiB.'),
    amplitudeMiB: demandMiB.default(512).describe('Swing above and below the mean, MiB.'),
    periodS: periodS.default(600).describe('Length of one full cycle, seconds.'),
    activePct: activePct.default(30).describe(activeDescription),
    ...contentFields,
  })
  .meta({ id: 'workload-sine', description: 'Demand oscillating around meanMiB.' });

/** A base demand with bursts at seeded-random exponential gaps (mean `meanGapS`). */
export const burstyWorkloadSchema = z
  .strictObject({
    kind: z.literal('bursty').describe(kindDescription),
    baseMiB: demandMiB.default(512).describe('Demand between bursts, MiB.'),
    burstMiB: demandMiB.default(1536).describe('Extra demand during a burst, MiB.'),
    meanGapS: periodS
      .default(300)
      .describe('Mean time between bursts (exponential, from the seeded PRNG), seconds.'),
    burstS: periodS.default(60).describe('Length of a burst, seconds.'),
    activePct: activePct.default(50).describe(activeDescription),
    ...contentFields,
  })
  .meta({
    id: 'workload-bursty',
    description: 'A base demand with bursts at seeded-random exponential gaps (mean meanGapS).',
  });

export const traceSampleSchema = z.strictObject({
  atS: timeS.describe('Seconds after the workload starts (or is set) that this sample takes effect.'),
  demandMiB: demandMiB.describe('Demand from this sample on, MiB.'),
  activePct: activePct.default(30).describe(activeDescription),
});

/** Recorded samples of time, demand and active percent; each sample holds until the next. */
export const traceWorkloadSchema = z
  .strictObject({
    kind: z.literal('trace').describe(kindDescription),
    samples: z
      .array(traceSampleSchema)
      .min(1)
      .max(maxTraceSamples)
      .refine(
        (s) => s.every((x, i) => i === 0 || x.atS > s[i - 1]!.atS),
        'samples must be sorted by atS, strictly increasing',
      )
      .describe('Samples sorted by atS, strictly increasing (1 to 100000).'),
    ...contentFields,
  })
  .meta({
    id: 'workload-trace',
    description: 'Recorded samples of time, demand and active percent; each sample holds until the next.',
  });

export const workloadSchema = z
  .discriminatedUnion('kind', [
    steadyWorkloadSchema,
    idleWorkloadSchema,
    rampWorkloadSchema,
    phasesWorkloadSchema,
    sineWorkloadSchema,
    burstyWorkloadSchema,
    traceWorkloadSchema,
  ])
  .meta({
    id: 'workload',
    description: 'What the guest applications do with memory over time, chosen by kind.',
  });

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
