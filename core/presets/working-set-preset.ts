import type { PresetDefinition } from './preset-types';
import { steady, vm, workloadAt } from './preset-vms';

/**
 * A working set larger than the memory the guest has pages without end: every page pushed
 * out to the guest's swap is touched again within a second or so and faults back in.
 */
export const workingSetPreset: PresetDefinition = {
  id: 'working-set-larger-than-memory',
  name: 'Working set larger than memory',
  summary:
    'Three 4 GiB VMs with working sets of 2, 3.4 and 5 GiB: the one that does not fit swaps continuously and runs at a fraction of its speed.',
  scenario: {
    name: 'Working set larger than memory',
    description:
      'A roomy 24 GiB host, so the hypervisor reclaims nothing: only the guests decide. fits touches 2 GiB of 3 GiB, tight ' +
      '3.4 GiB of 3.6 GiB (with its 256 MiB file set it just fits beside the kernel), over 5 GiB of 6 GiB in 4 GiB of memory. ' +
      "over's guest swaps out pages of its working set and faults them straight back (guest swap in/out MiB/s, perf index " +
      'near 0), while fits and tight run at full speed. At 20 min over shrinks its working set to 2.5 GiB: the paging stops ' +
      'although 2 GiB of cold memory stays in its swap. ACTV counts the working set wherever it is; TCHD only what the ' +
      'memory monitor sees touched in memory.',
    seed: 42,
    durationS: 1800,
    host: { memoryMiB: 24_576 },
    vms: [
      vm('fits', 4096, steady(3072, 67)),
      vm('over', 4096, steady(6144, 83)),
      vm('tight', 4096, steady(3600, 94)),
    ],
    events: [workloadAt(1200, 'over', steady(6144, 41))],
  },
};
