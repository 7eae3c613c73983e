/** A small valid scenario for sweep tests: two 256 MiB VMs on a 512 MiB host, 30 s long. */
export function tinyLab(): Record<string, unknown> {
  return {
    name: 'tiny lab',
    seed: 7,
    durationS: 30,
    host: { memoryMiB: 512, hypervisorMiB: 64 },
    vms: [
      { id: 'web', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 100 } },
      { id: 'db', memoryMiB: 256, workload: { kind: 'steady', demandMiB: 150 } },
    ],
    events: [{ atS: 20, vm: 'web', set: { workload: { kind: 'idle' } } }],
  };
}
