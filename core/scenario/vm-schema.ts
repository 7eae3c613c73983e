import { z } from 'zod';
import { maxLatencyUs, maxTimeS, maxVmMemoryMiB } from './scenario-limits';
import { workloadSchema } from './workload-schema';

export const guestOsKinds = ['linux', 'windows', 'freebsd', 'other'] as const;
export const balloonDriverStates = ['ok', 'absent', 'slow', 'stuck'] as const;
export const shareLevels = ['low', 'normal', 'high'] as const;
export type GuestOs = (typeof guestOsKinds)[number];
export type BalloonDriverState = (typeof balloonDriverStates)[number];

/** Shares per configured MiB of the named levels (vSphere: 5/10/20). */
export const sharesPerMiB: Record<(typeof shareLevels)[number], number> = { low: 5, normal: 10, high: 20 };

const sharesDescription =
  'Memory shares: low, normal or high (5, 10 or 20 per configured MiB) or an absolute number; they rank VMs when memory is short.';
const balloonDriverDescription =
  'Balloon driver in the guest: ok, absent (the host must compress or swap instead), slow (at most 256 pages/s) or stuck (never moves).';

/**
 * Which balloon driver the guest runs: the Linux vmw_balloon before 4.20 and after, Linux
 * virtio_balloon (KVM), Hyper-V's hv_balloon, or the Xen balloon driver.
 */
export const balloonModels = ['vmw-legacy', 'vmw-modern', 'virtio', 'hyperv', 'xen'] as const;
export type BalloonModel = (typeof balloonModels)[number];

export const sharesSchema = z.union([z.enum(shareLevels), z.number().int().min(1).max(1_000_000_000)]);

export const vmIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/,
    'must be 1-32 letters, digits, dot, dash or underscore, starting with a letter or digit',
  );

/** Fields of a VM that a scenario event or a live intervention may change. */
export const vmSettingsSchema = z
  .strictObject({
    reservationMiB: z
      .number()
      .int()
      .min(0)
      .max(maxVmMemoryMiB)
      .optional()
      .describe('New reservation, MiB (admission control may refuse it).'),
    limitMiB: z
      .number()
      .int()
      .min(1)
      .max(maxVmMemoryMiB)
      .nullable()
      .optional()
      .describe('New limit, MiB; null removes it.'),
    shares: sharesSchema.optional().describe(sharesDescription),
    balloonDriver: z.enum(balloonDriverStates).optional().describe(balloonDriverDescription),
    workload: workloadSchema.optional(),
  })
  .describe('VM settings to change; fields left out stay as they are.');

export const vmSchema = z
  .strictObject({
    id: vmIdSchema.describe(
      'Unique id: 1-32 letters, digits, dot, dash or underscore, starting with a letter or digit.',
    ),
    name: z.string().max(64).optional().describe('Display name; defaults to the id.'),
    memoryMiB: z
      .number()
      .int()
      .min(64)
      .max(maxVmMemoryMiB)
      .default(4096)
      .describe('Configured memory (esxtop MEMSZ), MiB.'),
    reservationMiB: z
      .number()
      .int()
      .min(0)
      .max(maxVmMemoryMiB)
      .default(0)
      .describe('Guaranteed memory, MiB: never reclaimed once touched; at most memoryMiB.'),
    limitMiB: z
      .number()
      .int()
      .min(1)
      .max(maxVmMemoryMiB)
      .nullable()
      .default(null)
      .describe('Most memory the VM may hold, MiB; null for no limit; at least the reservation.'),
    shares: sharesSchema.default('normal').describe(sharesDescription),
    guestOs: z
      .enum(guestOsKinds)
      .default('linux')
      .describe(
        'Guest operating system: sets the kernel size and which VMs have identical OS pages to share.',
      ),
    balloonDriver: z.enum(balloonDriverStates).default('ok').describe(balloonDriverDescription),
    startupMiB: z
      .number()
      .int()
      .min(64)
      .max(maxVmMemoryMiB)
      .nullable()
      .default(null)
      .describe(
        'Hyper-V startup RAM (Set-VMMemory -StartupBytes): the memory the guest boots with; Dynamic Memory hot-adds the rest up to memoryMiB (the maximum RAM) in 128 MiB blocks when the policy gives it more. Only with the hyperv balloon model; null = boot with all of memoryMiB (no hot-add).',
      ),
    memoryWeight: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(5000)
      .describe(
        'Hyper-V memory weight (WMI Msvm_MemorySettingData.Weight, 0..10000, default 5000): which VMs get memory first when the host is short; the hyperv policy uses it instead of shares.',
      ),
    balloonModel: z
      .enum(balloonModels)
      .nullable()
      .default(null)
      .describe(
        "Balloon driver model; null = the policy's hypervisor's own: vmw-modern for esx and static, virtio for kvm-mom, hyperv for hyperv, xen for xen.",
      ),
    virtio: z
      .strictObject({
        deflateOnOom: z
          .boolean()
          .default(false)
          .describe(
            'virtio-balloon deflate-on-oom: the guest takes pages back from its balloon instead of killing a process.',
          ),
        freePageReporting: z
          .boolean()
          .default(false)
          .describe(
            'virtio-balloon free page reporting: the guest reports free memory every 2 s and the host unbacks it.',
          ),
      })
      .prefault({})
      .describe(
        'Options of the virtio balloon (libvirt: deflate-on-oom, freePageReporting; both off by default).',
      ),
    powerOnAtS: z
      .number()
      .min(0)
      .max(maxTimeS)
      .nullable()
      .default(0)
      .describe('Simulated second the VM powers on; null keeps it off until an event powers it on.'),
    overheadMiB: z
      .number()
      .min(0)
      .max(maxVmMemoryMiB)
      .nullable()
      .default(null)
      .describe('Overhead memory (esxtop OVHD), MiB; null = 25 MiB + 1/128 of configured memory.'),
    kernelMiB: z
      .number()
      .min(0)
      .max(maxVmMemoryMiB)
      .nullable()
      .default(null)
      .describe(
        'Guest kernel and resident OS size, MiB; null = by guestOs (linux 160, windows 600, freebsd 120, other 200).',
      ),
    guestDiskLatencyUs: z
      .number()
      .min(0)
      .max(maxLatencyUs)
      .default(4000)
      .describe(
        "Latency of one random 4 KiB read from the guest's virtual disk, microseconds: a guest swap-in costs one, a page-cache miss a quarter of one (readahead).",
      ),
    guestSwapMiB: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024)
      .nullable()
      .default(null)
      .describe(
        "Size of the guest's own swap space, MiB; null = sized as an installer does: 2x memory up to 2 GiB, equal to memory up to 8 GiB, half of it up to 64 GiB, then 4 GiB.",
      ),
    oomRestartS: z
      .number()
      .min(0)
      .max(86_400)
      .default(30)
      .describe("Seconds after the guest's OOM killer ends the application until it runs again."),
    workload: workloadSchema.prefault({ kind: 'steady' }),
  })
  .describe('A virtual machine.');

export type VmSpec = z.infer<typeof vmSchema>;
export type VmSettings = z.infer<typeof vmSettingsSchema>;
