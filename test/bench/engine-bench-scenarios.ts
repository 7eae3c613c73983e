// Scenarios of the engine benchmark: the presets when present, equivalent inline labs otherwise.
import { getPreset } from '../../core/presets/presets';
import { parseScenarioOrThrow } from '../../core/scenario/parse-scenario';
import type { Scenario, ScenarioInput } from '../../core/scenario/scenario-schema';

/** A 16 GiB host, four 6 GiB VMs, one hour (like the basics preset). */
const basicsLike: ScenarioInput = {
  durationS: 3600,
  host: { memoryMiB: 16_384 },
  vms: [
    { id: 'app1', memoryMiB: 6144, workload: { kind: 'steady', demandMiB: 2000, activePct: 25 } },
    { id: 'batch1', memoryMiB: 6144, workload: { kind: 'steady', demandMiB: 512, activePct: 50 } },
    {
      id: 'db1',
      memoryMiB: 6144,
      shares: 'high',
      workload: { kind: 'steady', demandMiB: 4000, activePct: 60 },
    },
    { id: 'web1', memoryMiB: 6144, workload: { kind: 'steady', demandMiB: 2500, activePct: 40 } },
  ],
  events: [
    { atS: 600, vm: 'app1', set: { workload: { kind: 'idle' } } },
    { atS: 900, vm: 'batch1', set: { workload: { kind: 'steady', demandMiB: 6000, activePct: 80 } } },
    { atS: 2700, vm: 'batch1', set: { workload: { kind: 'idle' } } },
  ],
};

/** A 256 GiB host with 32 VMs of 16 GiB and mixed workloads (like the datacenter-2x preset). */
function datacenterLike(): ScenarioInput {
  const vms: NonNullable<ScenarioInput['vms']> = [];
  for (let i = 0; i < 32; i++) {
    const kind = i % 4;
    vms.push({
      id: `vm${String(i).padStart(2, '0')}`,
      memoryMiB: 16_384,
      guestOs: kind === 2 ? 'windows' : 'linux',
      powerOnAtS: i * 5,
      workload:
        kind === 0
          ? { kind: 'sine', meanMiB: 6000, amplitudeMiB: 2000, periodS: 900 + i * 30, activePct: 40 }
          : kind === 1
            ? { kind: 'steady', demandMiB: 11_000, activePct: 55 }
            : kind === 2
              ? { kind: 'steady', demandMiB: 6000, activePct: 35 }
              : { kind: 'bursty', baseMiB: 2000, burstMiB: 8000, meanGapS: 600, burstS: 120, activePct: 70 },
    });
  }
  return { durationS: 3600, host: { memoryMiB: 262_144, hypervisorMiB: 2048 }, vms };
}

/** The named preset, or the inline equivalent when the presets module does not have it. */
export function benchScenario(name: 'basics' | 'datacenter-2x'): { scenario: Scenario; source: string } {
  const preset = getPreset(name);
  if (preset) return { scenario: parseScenarioOrThrow(preset.scenario), source: `preset ${name}` };
  return {
    scenario: parseScenarioOrThrow(name === 'basics' ? basicsLike : datacenterLike()),
    source: `inline ${name}-like lab`,
  };
}

/**
 * Fixed churn on any host size: four VMs of a quarter of the host each, sine demand of the
 * same absolute amplitude (256 MiB) whatever their size, no memory pressure, and a page
 * sharing scan slowed in proportion to VM size so the pages scanned per second stay fixed.
 */
export function fixedChurn(hostGiB: number): Scenario {
  const vmMiB = (hostGiB / 4) * 1024 - 1024;
  return parseScenarioOrThrow({
    durationS: 2400,
    host: { memoryMiB: hostGiB * 1024 },
    policy: { pageSharing: { scanTimeMin: 60 * (hostGiB / 16) } },
    vms: ['a', 'b', 'c', 'd'].map((id, i) => ({
      id,
      memoryMiB: vmMiB,
      workload: {
        kind: 'sine' as const,
        meanMiB: Math.round(vmMiB * 0.4),
        amplitudeMiB: 256,
        periodS: 300 + 20 * i,
        activePct: 30,
      },
    })),
  });
}
