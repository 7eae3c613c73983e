import type { ScenarioInput } from '../scenario/scenario-schema';

// The scenarios of the published experiments. The tests under test/core that check the same
// published numbers build their runs from these, so the tests and `balloon-lab validate`
// cannot drift apart.

/**
 * Two VMs of equal shares: `idle` touches most of its memory, then goes idle; `busy` powers on
 * at 120 s fully active (Waldspurger 2002 §5.2).
 */
export function idleTaxLab(idleTaxPct: number): ScenarioInput {
  return {
    // Both equilibria are reached within 3 minutes of the busy VM's power-on; 6 show they hold.
    durationS: 480,
    host: { memoryMiB: 4096, hypervisorMiB: 256 },
    // The paper's tax is flat (Mem.IdleTaxType 0); current ESXi's default is progressive.
    policy: { idleTaxPct, idleTaxType: 'flat', samplePeriodS: 30 },
    vms: [
      {
        id: 'idle',
        memoryMiB: 3072,
        kernelMiB: 0,
        // The paper's ESX Server ran the original vmw_balloon.
        balloonModel: 'vmw-legacy',
        workload: {
          kind: 'phases',
          repeat: false,
          cacheMiB: 0,
          phases: [
            { durationS: 60, demandMiB: 2900, activePct: 100 },
            { durationS: 60, demandMiB: 100, activePct: 2 },
          ],
        },
      },
      {
        id: 'busy',
        memoryMiB: 3072,
        kernelMiB: 0,
        balloonModel: 'vmw-legacy',
        powerOnAtS: 120,
        workload: { kind: 'steady', demandMiB: 3072, activePct: 100, cacheMiB: 0 },
      },
    ],
  };
}

/** A steady VM whose working-set sample is taken every 10 s for a long run (§5.3). */
export const samplingLab: ScenarioInput = {
  durationS: 8000,
  host: { memoryMiB: 2048 },
  policy: { samplePeriodS: 10 },
  vms: [
    {
      id: 'v',
      memoryMiB: 1024,
      kernelMiB: 0,
      workload: { kind: 'steady', demandMiB: 800, activePct: 50, cacheMiB: 0 },
    },
  ],
};

/** vmw_balloon before Linux 4.20: a limit at 60 s inflates the balloon, lifting it at 300 s deflates it. */
export const balloonRatesLab: ScenarioInput = {
  durationS: 400,
  host: { memoryMiB: 8192 },
  vms: [
    {
      id: 'v',
      memoryMiB: 4096,
      balloonModel: 'vmw-legacy',
      workload: { kind: 'steady', demandMiB: 2500, activePct: 10 },
    },
  ],
  events: [
    { atS: 60, vm: 'v', set: { limitMiB: 1024 } },
    { atS: 300, vm: 'v', set: { limitMiB: null } },
  ],
};

/** A guest with nothing to give: every sleeping allocation fails and the legacy driver halves its rate. */
export const balloonRateFloorLab: ScenarioInput = {
  durationS: 40,
  host: { memoryMiB: 4096 },
  vms: [
    {
      id: 'v',
      memoryMiB: 1024,
      kernelMiB: 600,
      balloonModel: 'vmw-legacy',
      workload: { kind: 'idle', demandMiB: 0, cacheMiB: 0 },
    },
  ],
  events: [{ atS: 5, vm: 'v', set: { limitMiB: 64 } }],
};

/** A 4 GiB VM limited to 512 MiB: its balloon would take 3.5 GiB but stops at the cap. */
export const balloonCapLab: ScenarioInput = {
  durationS: 120,
  host: { memoryMiB: 8192 },
  policy: { compression: { enabled: false } },
  vms: [
    {
      id: 'v',
      memoryMiB: 4096,
      workload: { kind: 'steady', demandMiB: 300, activePct: 20, cacheMiB: 0 },
    },
  ],
  events: [{ atS: 10, vm: 'v', set: { limitMiB: 512 } }],
};

/** Three driverless VMs whose fully compressible memory exceeds the host: only compression and swap reclaim. */
export const compressionLab: ScenarioInput = {
  // The caches are full within half a minute; the rest of the run shows they stay at the cap.
  durationS: 120,
  host: { memoryMiB: 4096 },
  vms: ['a', 'b', 'c'].map((id) => ({
    id,
    memoryMiB: 2048,
    balloonDriver: 'absent' as const,
    workload: { kind: 'steady' as const, demandMiB: 1700, activePct: 30, compressiblePct: 100 },
  })),
};

const roomyHost = { memoryMiB: 32_768 };

/** Workload of the ballooned-vs-configured comparison: working set 900 MiB, file set 400 MiB. */
const dbenchLike = { kind: 'steady' as const, demandMiB: 1800, activePct: 50, cacheMiB: 400 };

/** A 4 GiB VM held at S MiB by its limit (balloon 4096 - S) beside a VM configured with S MiB (§3.2). */
export function balloonedVsConfiguredLab(sizeMiB: number): ScenarioInput {
  return {
    durationS: 900,
    host: roomyHost,
    vms: [
      { id: 'ballooned', memoryMiB: 4096, limitMiB: sizeMiB, workload: dbenchLike },
      { id: 'configured', memoryMiB: sizeMiB, workload: dbenchLike },
    ],
  };
}

/** The sizes of the memory-throughput curve: everything fits from about 2.9 GiB on. */
export const memoryCurveSizesMiB = [1536, 2048, 2560, 3072, 3584, 4096] as const;

/** One VM per size, same workload: kernel 160 + application 1200 + file set 1500 MiB. */
export const memoryCurveLab: ScenarioInput = {
  durationS: 900,
  host: roomyHost,
  vms: memoryCurveSizesMiB.map((memoryMiB) => ({
    id: `m${memoryMiB}`,
    memoryMiB,
    workload: { kind: 'steady' as const, demandMiB: 1200, activePct: 40, cacheMiB: 1500 },
  })),
};

const swapWorkload = { kind: 'steady' as const, demandMiB: 2600, activePct: 40, cacheMiB: 256 };

/**
 * Equal reclaim by balloon and by host swap (§3): `balloon` and `hostswap` (no driver) must both
 * give up 456 MiB to their limit; `fits` and `toobig` compare a working set that fits with one
 * that does not. Compression is off: §3 compares ballooning with swapping.
 */
export const balloonVsSwapLab: ScenarioInput = {
  durationS: 600,
  host: roomyHost,
  policy: { compression: { enabled: false } },
  vms: [
    { id: 'balloon', memoryMiB: 4096, limitMiB: 2560, workload: swapWorkload },
    { id: 'hostswap', memoryMiB: 4096, limitMiB: 2560, balloonDriver: 'absent', workload: swapWorkload },
    { id: 'fits', memoryMiB: 4096, workload: { ...swapWorkload, activePct: 30 } },
    { id: 'toobig', memoryMiB: 4096, workload: { ...swapWorkload, demandMiB: 5000, activePct: 90 } },
  ],
};

/** Three VMs with half their pages identical OS pages, shared per VM (`vm`, salted) or host-wide. */
export function sharingScopeLab(scope: 'vm' | 'host'): ScenarioInput {
  return {
    durationS: 300,
    host: { memoryMiB: 4096, hypervisorMiB: 256 },
    policy: { pageSharing: { scope, scanTimeMin: 2 } },
    vms: ['a', 'b', 'c'].map((id) => ({
      id,
      memoryMiB: 1200,
      workload: { kind: 'steady' as const, demandMiB: 1000, activePct: 5, zeroPct: 0, osPct: 50 },
    })),
  };
}

/** A 12 GiB Windows VM (zeroed at boot) scanned with a 1-minute Mem.ShareScanTime: ShareRateMax decides. */
export const shareRateLab: ScenarioInput = {
  durationS: 120,
  host: { memoryMiB: 14_336, hypervisorMiB: 256 },
  policy: { pageSharing: { scanTimeMin: 1 } },
  vms: [{ id: 'w', memoryMiB: 12_288, guestOs: 'windows', workload: { kind: 'idle' } }],
};
