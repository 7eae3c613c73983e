import type { PresetDefinition } from './preset-types';
import { steady, vm, workloadAt } from './preset-vms';

/**
 * vmw_balloon before Linux 4.20 inflated at 512..2048 pages/s whenever the guest had to
 * reclaim; since 4.20 it takes what the guest gives at once.
 */
export const balloonDriversPreset: PresetDefinition = {
  id: 'modern-driver-vs-legacy',
  name: 'Modern balloon driver vs legacy',
  summary:
    'Twin VMs get the same limit: the current vmw_balloon meets it in seconds, the one from before Linux 4.20 crawls for minutes.',
  scenario: {
    name: 'Modern balloon driver vs legacy',
    description:
      'A 16 GiB host. legacy and modern are 5 GiB VMs running the same 4.5 GiB workload (25% active); the only difference ' +
      'is their balloon driver (balloonModel vmw-legacy vs vmw-modern). At 3 min both get a 2 GiB memory limit, which ESXi ' +
      "enforces with the balloon. Both guests must reclaim (swap cold pages) to feed their balloons: the legacy driver's " +
      'sleeping allocations run at 2048 pages (8 MiB) per second at most, so it takes about 5 minutes to reach its target; ' +
      'the modern driver takes what its guest gives at once. Compare MCTLSZ and GRANT of the two, and their driver logs.',
    seed: 42,
    durationS: 900,
    host: { memoryMiB: 16_384 },
    vms: [
      vm('legacy', 5120, steady(4500, 25), { balloonModel: 'vmw-legacy' }),
      vm('modern', 5120, steady(4500, 25), { balloonModel: 'vmw-modern' }),
    ],
    events: [
      { atS: 180, vm: 'legacy', set: { limitMiB: 2048 } },
      { atS: 180, vm: 'modern', set: { limitMiB: 2048 } },
    ],
  },
};

/**
 * virtio-balloon free page reporting: a guest that frees memory reports it and the host takes
 * it back, with no balloon target at all.
 */
export const freePageReportingPreset: PresetDefinition = {
  id: 'free-page-reporting',
  name: 'Free page reporting returns memory',
  summary:
    'On KVM, a guest with virtio free page reporting hands back the memory its job freed; its twin keeps it backed.',
  scenario: {
    name: 'Free page reporting returns memory',
    description:
      'A 16 GiB KVM host (kvm-mom policy, virtio balloons). reporting and holding are twin 6 GiB VMs running the same batch ' +
      'job: 5 GiB for 10 minutes, then 1 GiB. reporting has virtio free page reporting on: every 2 s its guest reports ' +
      'free memory and the host discards it, so GRANT falls back to about 1.5 GiB as soon as the job ends. holding keeps ' +
      'the 5 GiB backed until MOM balloons it. Watch GRANT of both and the host free memory.',
    seed: 42,
    durationS: 1800,
    host: { memoryMiB: 16_384 },
    policy: { kind: 'kvm-mom' },
    vms: [
      vm('holding', 6144, steady(5120, 60)),
      vm('reporting', 6144, steady(5120, 60), { virtio: { freePageReporting: true } }),
    ],
    events: [workloadAt(600, 'holding', steady(1024, 60)), workloadAt(600, 'reporting', steady(1024, 60))],
  },
};
