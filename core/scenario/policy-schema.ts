import { z } from 'zod';
import { maxHostMemoryMiB, maxTimeS, maxVmMemoryMiB } from './scenario-limits';

/** How the idle memory tax grows with idleness (Mem.IdleTaxType): 1 variable (progressive), 0 flat. */
export const idleTaxTypes = ['progressive', 'flat'] as const;
export type IdleTaxType = (typeof idleTaxTypes)[number];

export const policyKinds = ['esx', 'static', 'kvm-mom', 'hyperv', 'xen'] as const;
export type PolicyKind = (typeof policyKinds)[number];

/** oVirt MOM balloon.rules parameters. */
export const momSchema = z
  .strictObject({
    stepS: z.number().positive().max(maxTimeS).default(10).describe('Seconds between two MOM decisions.'),
    pressureFreePct: z
      .number()
      .min(0)
      .max(100)
      .default(20)
      .describe('Host free memory (percent of host memory) below which MOM shrinks guests.'),
    criticalFreePct: z
      .number()
      .min(0)
      .max(100)
      .default(5)
      .describe('Host free memory (percent) at or below which MOM squeezes guests into their own swap.'),
    shrinkPct: z
      .number()
      .min(0)
      .max(100)
      .default(5)
      .describe('Largest shrink of a guest per step, percent of its current size.'),
    growPct: z
      .number()
      .min(0)
      .max(100)
      .default(5)
      .describe('Largest growth of a guest per step, percent of its current size.'),
    ignoreChangePct: z
      .number()
      .min(0)
      .max(100)
      .default(0.25)
      .describe('Changes smaller than this percent of the current size are not sent.'),
    ksm: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            'Kernel same-page merging on the KVM host (replaces ESX page sharing under this policy).',
          ),
        pagesToScan: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(100)
          .describe('Pages ksmd scans per wake-up (/sys/kernel/mm/ksm/pages_to_scan, default 100).'),
        sleepMs: z
          .number()
          .int()
          .min(1)
          .max(60_000)
          .default(20)
          .describe(
            'Milliseconds ksmd sleeps between scans (/sys/kernel/mm/ksm/sleep_millisecs, default 20).',
          ),
        thresholdPct: z
          .number()
          .min(0)
          .max(100)
          .default(20)
          .describe('KSM runs while host free memory is below this percent of host memory (MOM ksm.rules).'),
      })
      .prefault({})
      .describe("KSM, the KVM host kernel's page merging, as MOM runs it."),
  })
  .describe('Parameters of the kvm-mom policy (oVirt MOM doc/balloon.rules, ksm.rules).');

/** Hyper-V Dynamic Memory parameters (Set-VMMemory). */
export const hypervSchema = z
  .strictObject({
    bufferPct: z
      .number()
      .int()
      .min(5)
      .max(2000)
      .default(20)
      .describe('Memory buffer: the target is committed memory plus this percent (Set-VMMemory -Buffer).'),
    minimumMiB: z
      .number()
      .min(0)
      .max(maxVmMemoryMiB)
      .default(512)
      .describe('Minimum memory of every VM whose reservation is 0, MiB.'),
  })
  .describe('Parameters of the hyperv policy (Hyper-V Dynamic Memory).');

/** Xen squeezed parameters. */
export const xenSchema = z
  .strictObject({
    slushMiB: z
      .number()
      .min(0)
      .max(maxHostMemoryMiB)
      .default(9)
      .describe('Host memory squeezed keeps free as a slush fund, MiB.'),
    inactiveAfterS: z
      .number()
      .positive()
      .max(maxTimeS)
      .default(5)
      .describe('A domain whose balloon makes no progress for this many seconds is inactive.'),
    uncooperativeAfterS: z
      .number()
      .positive()
      .max(maxTimeS)
      .default(20)
      .describe('A domain whose balloon makes no progress for this many seconds is uncooperative.'),
    minimumMiB: z
      .number()
      .min(0)
      .max(maxVmMemoryMiB)
      .default(512)
      .describe('Dynamic minimum of every domain whose reservation is 0, MiB.'),
  })
  .describe('Parameters of the xen policy (Xen squeezed).');

export const policySchema = z
  .strictObject({
    kind: z
      .enum(policyKinds)
      .default('esx')
      .describe(
        'Who decides targets: esx (shares and the idle memory tax), static (no ballooning: swap only), kvm-mom, hyperv or xen.',
      ),
    idleTaxPct: z
      .number()
      .min(0)
      .max(99)
      .default(75)
      .describe(
        'Idle memory tax rate (Mem.IdleTax), percent: idle pages cost 1/(1 - tax) times active ones.',
      ),
    idleTaxType: z
      .enum(idleTaxTypes)
      .default('progressive')
      .describe(
        "How the idle memory tax grows (Mem.IdleTaxType): progressive (1, the ESXi default: the effective rate rises with the VM's idle:active ratio; the lab's brackets charge idle memory up to the active memory half the flat tax's extra cost, up to four times it the flat cost, and beyond that twice the extra cost) or flat (0, every idle page at the rate, as in Waldspurger 2002).",
      ),
    samplePeriodS: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .describe('Working-set sample period of the memory monitor (Mem.SamplePeriod), seconds.'),
    samplePages: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(100)
      .describe('Pages sampled per VM and period (100 in the paper).'),
    balancePeriodS: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(15)
      .describe(
        'Seconds between two reallocations (Mem.BalancePeriod); a host state change rebalances at once.',
      ),
    balloonMaxPct: z
      .number()
      .min(0)
      .max(100)
      .default(65)
      .describe('The balloon never exceeds this percent of configured memory (Mem.CtlMaxPercent).'),
    pageSharing: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Transparent page sharing on or off.'),
        scope: z
          .enum(['vm', 'host'])
          .default('vm')
          .describe(
            "'vm' shares only within a VM (Mem.ShareForceSalting 2, the ESXi default since 2014); 'host' shares across VMs.",
          ),
        scanTimeMin: z
          .number()
          .positive()
          .max(maxTimeS / 60)
          .default(60)
          .describe('Minutes to scan each VM once (Mem.ShareScanTime).'),
        rateMaxPagesPerS: z
          .number()
          .int()
          .min(1)
          .max(1_048_576)
          .default(1024)
          .describe(
            'Most pages scanned per second in one VM, whatever its size (Mem.ShareRateMax, default 1024): a large VM takes longer than scanTimeMin to scan.',
          ),
      })
      .prefault({})
      .describe('Transparent page sharing.'),
    compression: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Memory compression on or off.'),
        cachePct: z
          .number()
          .min(0)
          .max(100)
          .default(10)
          .describe("Compression cache cap, percent of the VM's configured memory (Mem.MemZipMaxPct)."),
      })
      .prefault({})
      .describe('Memory compression before hypervisor swap.'),
    mom: momSchema.prefault({}),
    hyperv: hypervSchema.prefault({}),
    xen: xenSchema.prefault({}),
  })
  .describe('The memory policy and its parameters.');

export type PolicySpec = z.infer<typeof policySchema>;
