import { z } from 'zod';

export const policyKinds = ['esx', 'static', 'kvm-mom', 'hyperv', 'xen'] as const;
export type PolicyKind = (typeof policyKinds)[number];

/** oVirt MOM balloon.rules parameters. */
export const momSchema = z.strictObject({
  stepS: z.number().positive().default(10),
  pressureFreePct: z.number().min(0).max(100).default(20),
  criticalFreePct: z.number().min(0).max(100).default(5),
  shrinkPct: z.number().min(0).max(100).default(5),
  growPct: z.number().min(0).max(100).default(5),
  ignoreChangePct: z.number().min(0).max(100).default(0.25),
});

/** Hyper-V Dynamic Memory parameters (Set-VMMemory). */
export const hypervSchema = z.strictObject({
  bufferPct: z.number().int().min(5).max(2000).default(20),
  /** Minimum memory of every VM in MiB when its reservation is 0. */
  minimumMiB: z.number().min(0).default(512),
});

/** Xen squeezed parameters. */
export const xenSchema = z.strictObject({
  slushMiB: z.number().min(0).default(9),
  inactiveAfterS: z.number().positive().default(5),
  uncooperativeAfterS: z.number().positive().default(20),
  /** Dynamic minimum of every domain in MiB when its reservation is 0. */
  minimumMiB: z.number().min(0).default(512),
});

export const policySchema = z.strictObject({
  kind: z.enum(policyKinds).default('esx'),
  /** Mem.IdleTax, percent. */
  idleTaxPct: z.number().min(0).max(99).default(75),
  /** Mem.SamplePeriod, seconds. */
  samplePeriodS: z.number().int().min(1).max(3600).default(60),
  /** Pages sampled per VM and period (100 in the paper). */
  samplePages: z.number().int().min(1).max(10_000).default(100),
  /** Mem.BalancePeriod, seconds. */
  balancePeriodS: z.number().int().min(1).max(3600).default(15),
  /** Mem.CtlMaxPercent: the balloon never exceeds this percent of configured memory. */
  balloonMaxPct: z.number().min(0).max(100).default(65),
  pageSharing: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** 'vm' = Mem.ShareForceSalting 2 (default since 2014), 'host' = inter-VM sharing. */
      scope: z.enum(['vm', 'host']).default('vm'),
      /** Mem.ShareScanTime: minutes to scan each VM once. */
      scanTimeMin: z.number().positive().default(60),
    })
    .prefault({}),
  compression: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Mem.MemZipMaxPct: compression cache cap in percent of the VM's memory. */
      cachePct: z.number().min(0).max(100).default(10),
    })
    .prefault({}),
  mom: momSchema.prefault({}),
  hyperv: hypervSchema.prefault({}),
  xen: xenSchema.prefault({}),
});

export type PolicySpec = z.infer<typeof policySchema>;
