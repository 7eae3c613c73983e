import type { PresetDefinition } from './preset-types';
import type { EventInput, VmInput } from './preset-vms';
import { idle, numberedIds, ramp, steady, vm, workloadAt } from './preset-vms';

const vmMiB = 16_384;

function datacenterVms(): { vms: VmInput[]; events: EventInput[] } {
  const vms: VmInput[] = [];
  const events: EventInput[] = [];
  numberedIds('web', 8).forEach((id, i) =>
    vms.push(
      vm(
        id,
        vmMiB,
        { kind: 'sine', meanMiB: 6000, amplitudeMiB: 2000, periodS: 900 + i * 60, activePct: 40 },
        { powerOnAtS: i * 5 },
      ),
    ),
  );
  numberedIds('db', 6).forEach((id, i) =>
    vms.push(
      vm(id, vmMiB, steady(11_000, 55, { compressiblePct: 30 }), {
        shares: 'high',
        reservationMiB: 4096,
        powerOnAtS: 40 + i * 5,
      }),
    ),
  );
  numberedIds('app', 6).forEach((id, i) => {
    vms.push(vm(id, vmMiB, steady(6000, 35), { powerOnAtS: 70 + i * 5 }));
    events.push(workloadAt(1800 + i * 30, id, ramp(6000, 10_000, 900, 60)));
  });
  numberedIds('batch', 6).forEach((id, i) =>
    vms.push(
      vm(
        id,
        vmMiB,
        { kind: 'bursty', baseMiB: 2000, burstMiB: 6000, meanGapS: 600, burstS: 120, activePct: 70 },
        { shares: 'low', powerOnAtS: 100 + i * 5 },
      ),
    ),
  );
  numberedIds('idle', 6).forEach((id, i) => {
    vms.push(vm(id, vmMiB, steady(6000, 20), { powerOnAtS: 130 + i * 5 }));
    events.push(workloadAt(600 + i * 30, id, idle(1024)));
  });
  return { vms, events: events.sort((a, b) => a.atS - b.atS) };
}

/** A realistic consolidation ratio: 2x overcommit of a 256 GiB host with mixed workloads. */
export const datacenter2xPreset: PresetDefinition = {
  id: 'datacenter-2x',
  name: 'Datacenter host at 2x',
  summary:
    'A 256 GiB host with 32 VMs of 16 GiB (2x overcommit) and mixed web, database, app, batch and idle workloads over one hour.',
  scenario: {
    name: 'Datacenter host at 2x',
    description:
      'A 256 GiB host runs 32 VMs of 16 GiB: 8 web servers with sine-shaped demand, 6 databases (high shares, 4 GiB ' +
      'reservations), 6 app servers that grow from 6 to 10 GiB from 30 min (month-end batch), 6 low-share batch VMs ' +
      'with bursts, and 6 VMs that go idle after 10 min. The host hovers around minFree: balloons take memory mostly ' +
      'from the low-share batch VMs, then from idle and web VMs, while the databases are never touched. Compare ' +
      'MCTLSZ and perf index across the groups.',
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 262_144, hypervisorMiB: 2048 },
    ...datacenterVms(),
  },
};
