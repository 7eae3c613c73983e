import type { PresetDefinition } from './preset-types';
import type { ScenarioInput } from '../scenario/scenario-schema';
import { numberedIds, steady, vm } from './preset-vms';

function farmScenario(scope: 'host' | 'vm', name: string, description: string): ScenarioInput {
  return {
    name,
    description,
    seed: 42,
    durationS: 3600,
    host: { memoryMiB: 16_384 },
    policy: { pageSharing: { enabled: true, scope, scanTimeMin: 20 } },
    // 1050 MiB each: without sharing across VMs the farm needs about a GiB more than the host
    // has, so the salted twin balloons whatever the seed, while the farm shares 4 GiB and stays
    // in high (at 900 MiB the salted farm balloons only in the boot of some seeds).
    vms: numberedIds('farm', 12).map((id, i) =>
      vm(id, 2048, steady(1050, 20, { zeroPct: 5, osPct: 50 }), { guestOs: 'linux', powerOnAtS: i * 20 }),
    ),
  };
}

/** Waldspurger 2002 §4: identical pages across VMs share one machine page. */
export const pageSharingFarmPreset: PresetDefinition = {
  id: 'page-sharing-farm',
  name: 'Page-sharing farm (inter-VM sharing)',
  summary:
    'Twelve identical Linux VMs at 1.5x with inter-VM page sharing: identical OS pages collapse and the host needs almost no ballooning.',
  scenario: farmScenario(
    'host',
    'Page-sharing farm: scope host',
    'Twelve 2 GiB Linux VMs (half of each working set is the same OS pages) power on 20 s apart on a 16 GiB host. ' +
      'Page sharing scans every VM once per 20 min and, with scope "host" (Mem.ShareForceSalting 0), shares identical pages ' +
      'across VMs: watch SHRD and host SHRDSVD climb and free memory return. Compare with page-sharing-salted.',
  ),
};

/** Since 2014 ESXi salts sharing per VM by default (Mem.ShareForceSalting 2). */
export const pageSharingSaltedPreset: PresetDefinition = {
  id: 'page-sharing-salted',
  name: 'Page-sharing farm (salted, per VM)',
  summary:
    'The same farm with sharing only within each VM (the ESXi default since 2014): few pages share and the host has to balloon.',
  scenario: farmScenario(
    'vm',
    'Page-sharing farm: scope vm',
    'The page-sharing farm with scope "vm" (Mem.ShareForceSalting 2, the default since 2014): only pages within one VM ' +
      '(mostly zero pages) share, the identical OS pages of different VMs do not, and the host reclaims by ballooning instead.',
  ),
};
