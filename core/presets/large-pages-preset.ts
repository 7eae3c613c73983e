import type { PresetDefinition } from './preset-types';
import { numberedIds, steady, vm, workloadAt } from './preset-vms';

const webIds = numberedIds('web', 12);
const work = (demandMiB: number) => steady(demandMiB, 20, { zeroPct: 5, osPct: 30 });

/**
 * ESXi backs guests with 2 MiB pages (Mem.AllocGuestLargePage 1), and page sharing only sees
 * small pages: identical pages inside large pages stay hidden until memory is tight enough for
 * the host to break them.
 */
export const largePagesHideSharingPreset: PresetDefinition = {
  id: 'large-pages-hide-sharing',
  name: 'Large pages hide sharing',
  summary:
    'Twelve Linux VMs with identical OS pages, backed by 2 MiB large pages: page sharing finds less until the host breaks them, and free memory falls further.',
  scenario: {
    name: 'Large pages hide sharing',
    description:
      'Twelve 2 GiB Linux VMs (30% of each working set is the same OS pages) on a 16 GiB host with inter-VM sharing and ' +
      'large pages (host.largePages true, the ESXi default). Watch lpage_mib and lpage_broken in host.csv (Large pages ' +
      'in the sidebar): until minute 20 almost all guest memory sits in large pages. Then six VMs grow by 450 MiB, ' +
      'free memory falls, and the host must break large pages before page sharing can find the identical OS pages in ' +
      'them; in the high state it breaks only those that are mostly shareable, so free memory falls further and ' +
      'comes back later than with small pages, and SHRDSVD ends up lower. Set host.largePages to false and run ' +
      'again: sharing absorbs the growth within minutes.',
    seed: 42,
    durationS: 2400,
    host: { memoryMiB: 16_384, largePages: true },
    policy: { pageSharing: { enabled: true, scope: 'host', scanTimeMin: 10 } },
    vms: webIds.map((id, i) => vm(id, 2048, work(700), { guestOs: 'linux', powerOnAtS: i * 10 })),
    events: webIds.slice(0, 6).map((id) => workloadAt(1200, id, work(1150))),
  },
};
