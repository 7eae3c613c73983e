import type { PresetDefinition } from './preset-types';
import { ramp, steady, vm, workloadAt } from './preset-vms';

/** A reservation is memory the host guarantees and never reclaims once touched. */
export const reservationsProtectPreset: PresetDefinition = {
  id: 'reservations-protect',
  name: 'Reservations protect',
  summary:
    'Two identical VMs, one with a 4 GiB reservation: when a memory hog starts, the reserved VM keeps its memory and its twin is reclaimed.',
  scenario: {
    name: 'Reservations protect',
    description:
      'prod and twin are 4.5 GiB VMs running the same 3.8 GiB workload; prod has a 4 GiB reservation. From 15 min hog grows ' +
      'to a busy 6.8 GiB: the host must reclaim about 2.5 GiB. Reclamation never takes prod below its reservation, so twin ' +
      '(and misc) are ballooned into their working sets and their guests swap: compare MCTLSZ, guest swap and perf index ' +
      'of prod and twin.',
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    vms: [
      vm('hog', 7168, steady(1024, 60)),
      vm('misc', 4096, steady(1500, 20)),
      vm('prod', 4608, steady(3800, 60), { reservationMiB: 4096 }),
      vm('twin', 4608, steady(3800, 60)),
    ],
    events: [workloadAt(900, 'hog', ramp(1024, 6800, 600, 95))],
  },
};
