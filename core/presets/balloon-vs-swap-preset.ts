import type { PresetDefinition } from './preset-types';
import { ramp, steady, vm, workloadAt } from './preset-vms';

/** Waldspurger 2002 §3: ballooning lets the guest choose cold pages; hypervisor swap picks at random. */
export const balloonVsSwapPreset: PresetDefinition = {
  id: 'balloon-vs-swap',
  name: 'Balloon vs swap',
  summary:
    'Slowly rising pressure is absorbed by ballooning at almost no cost; a sudden spike outruns the balloon and random host swapping hurts.',
  scenario: {
    name: 'Balloon vs swap',
    description:
      'Four 6 GiB VMs on a 16 GiB host. From 10 min three VMs grow slowly to 4 GiB each: the host enters the soft state ' +
      'and balloons reclaim cold guest pages while performance indexes stay near 1. At 30 min a1 and a4 jump to busy ' +
      '5.5-5.8 GiB working sets far faster than balloons can inflate: the host drops to the hard state, swaps pages it ' +
      'picks at random, and hot pages fault back in (SWR/s, perf index). At 45 min the spike ends, but a1 and a4 keep ' +
      'what they touched: watch how slowly memory flows back to the ballooned VMs.',
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    vms: [
      vm('a1', 6144, steady(2500, 30)),
      vm('a2', 6144, steady(2500, 30)),
      vm('a3', 6144, steady(2500, 30)),
      vm('a4', 6144, steady(2500, 30)),
    ],
    events: [
      workloadAt(600, 'a1', ramp(2500, 4000, 600, 30)),
      workloadAt(600, 'a2', ramp(2500, 4000, 600, 30)),
      workloadAt(900, 'a3', ramp(2500, 4000, 600, 30)),
      workloadAt(1800, 'a1', steady(5500, 60)),
      workloadAt(1800, 'a4', steady(5800, 90)),
      workloadAt(2700, 'a1', steady(2500, 30)),
      workloadAt(2700, 'a4', steady(2500, 30)),
    ],
  },
};
