import type { PresetDefinition } from './preset-types';
import { ramp, steady, vm, workloadAt } from './preset-vms';

/** Without VMware Tools the host cannot balloon a VM: only swapping reclaims its memory. */
export const noBalloonDriverPreset: PresetDefinition = {
  id: 'no-balloon-driver',
  name: 'VM without a balloon driver',
  summary:
    'Four identical VMs, one without a balloon driver: the host balloons its neighbours harder instead, and swaps the driverless VM when pressure spikes.',
  scenario: {
    name: 'VM without a balloon driver',
    description:
      'Four identical 4 GiB VMs on a 16 GiB host; nodrv has no balloon driver (no VMware Tools). From 10 min hog ramps up: ' +
      "in the soft state ESX can only balloon good1-3, so they give up nodrv's share as well: their balloons grow past " +
      "their free memory and their guests swap (guest swap, perf index), while nodrv's MCTLSZ stays 0 although its SZTGT " +
      'is below what it holds. At 30 min hog jumps again, the host enters the hard state and swaps what each VM holds above ' +
      'its target, mostly nodrv (SWCUR, SWR/s). At 45 min the driver is installed in nodrv and its balloon inflates.',
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    vms: [
      vm('good1', 4096, steady(2800, 30)),
      vm('good2', 4096, steady(2800, 30)),
      vm('good3', 4096, steady(2800, 30)),
      vm('hog', 6144, steady(512, 90)),
      vm('nodrv', 4096, steady(2800, 30), { balloonDriver: 'absent' }),
    ],
    events: [
      workloadAt(600, 'hog', ramp(512, 4500, 600, 90)),
      workloadAt(1800, 'hog', steady(5800, 95)),
      { atS: 2700, vm: 'nodrv', set: { balloonDriver: 'ok' } },
    ],
  },
};
