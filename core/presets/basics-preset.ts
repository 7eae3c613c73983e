import type { PresetDefinition } from './preset-types';
import { idle, ramp, steady, vm, workloadAt } from './preset-vms';

/** The first lab: one host, four VMs, one batch job that makes the balloons move. */
export const basicsPreset: PresetDefinition = {
  id: 'basics',
  name: 'Basics: ballooning on a 16 GiB host',
  summary:
    'Four VMs on a 16 GiB host at 1.5x overcommit: when a batch job wakes up the balloon in the idle VM inflates to make room.',
  scenario: {
    name: 'Basics: ballooning on a 16 GiB host',
    description:
      'A 16 GiB host runs four 6 GiB VMs (1.5x overcommit). At 10 min app1 goes idle but keeps the 4.9 GiB it touched. ' +
      'From 15 min batch1 ramps a job up to 5.5 GiB over 10 min: free memory falls below minFree, the host enters the soft state and the idle ' +
      "tax picks app1's unused pages for its balloon (watch MCTLSZ rise in app1, free memory recover). At 45 min the job " +
      'ends: batch1 keeps what it touched until someone needs it, while its active estimate (TCHD) decays. db1 has high ' +
      'shares and is left alone.',
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    vms: [
      vm('app1', 6144, steady(4500, 25)),
      vm('batch1', 6144, steady(512, 50)),
      vm('db1', 6144, steady(4000, 60), { shares: 'high' }),
      vm('web1', 6144, steady(2500, 40)),
    ],
    events: [
      workloadAt(600, 'app1', idle()),
      workloadAt(900, 'batch1', ramp(512, 5500, 600, 80)),
      workloadAt(2700, 'batch1', idle()),
    ],
  },
};
