import type { PresetDefinition } from './preset-types';
import { numberedIds, steady, vm } from './preset-vms';

const bootGapS = 90;
const ids = numberedIds('win', 8);

/** Windows zeroes all guest memory at boot, touching every page (the engine models the sweep). */
export const bootStormPreset: PresetDefinition = {
  id: 'boot-storm',
  name: 'Boot storm',
  summary:
    'Eight Windows VMs power on 90 s apart at 2x overcommit; each boot zeroes its whole memory and drives the host into reclamation.',
  scenario: {
    name: 'Boot storm',
    description:
      'Eight 4 GiB Windows VMs power on every 90 s on a 16 GiB host (2x overcommit). Windows zeroes all memory at boot, so ' +
      'every power-on touches all 4 GiB although the guest then settles to a 1.2 GiB working set: the host falls from high ' +
      'to soft and hard while balloons reclaim the zeroed pages and page sharing collapses them (ZERO, SHRDSVD). At 40 min ' +
      'win01 and win02 reboot and start a second, smaller storm.',
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    policy: { pageSharing: { scanTimeMin: 30 } },
    vms: ids.map((id, i) =>
      vm(id, 4096, steady(1200, 30, { zeroPct: 10, osPct: 20 }), {
        guestOs: 'windows',
        powerOnAtS: i * bootGapS,
      }),
    ),
    events: [
      { atS: 2400, vm: 'win01', power: 'off' },
      { atS: 2400, vm: 'win02', power: 'off' },
      { atS: 2430, vm: 'win01', power: 'on' },
      { atS: 2430, vm: 'win02', power: 'on' },
    ],
  },
};
