import type { PresetDefinition } from './preset-types';
import { steady, vm } from './preset-vms';

/**
 * Hyper-V Dynamic Memory with startup RAM below the maximum: a VM boots small and is given
 * memory by hot-add, in 128 MiB blocks, only when its committed memory plus buffer asks for it.
 */
export const hypervHotAddPreset: PresetDefinition = {
  id: 'hyperv-hot-add',
  name: 'Hyper-V hot-add',
  summary:
    'Hyper-V VMs boot with 1 GiB of startup RAM and 8 GiB maximum; the one whose SQL job grows is hot-added memory in 128 MiB blocks.',
  scenario: {
    name: 'Hyper-V hot-add',
    description:
      'Four Windows VMs under Hyper-V Dynamic Memory, each with 1 GiB startup RAM (vms[].startupMiB), 8 GiB maximum ' +
      '(memoryMiB) and the 512 MiB minimum, on a 16 GiB host without page sharing. Each boots with its startup RAM only: ' +
      'Windows zeroes that 1 GiB, not 8. At minute 5 sql1 starts a job that needs 5 GiB: watch its driver log, ' +
      ' where hv_balloon hot-adds 128 MiB blocks as committed memory plus the 20% buffer rises, ballooning ' +
      'out the part of a block it does not need yet. The other VMs stay near their demand plus buffer.',
    seed: 42,
    durationS: 1800,
    host: { memoryMiB: 16_384 },
    policy: { kind: 'hyperv', pageSharing: { enabled: false } },
    vms: [
      vm(
        'sql1',
        8192,
        {
          kind: 'phases',
          repeat: false,
          phases: [
            { durationS: 300, demandMiB: 600, activePct: 40 },
            { durationS: 600, demandMiB: 5000, activePct: 60 },
            { durationS: 900, demandMiB: 5000, activePct: 60 },
          ],
        },
        { guestOs: 'windows', startupMiB: 1024, memoryWeight: 8000 },
      ),
      ...['web1', 'web2', 'web3'].map((id, i) =>
        vm(id, 8192, steady(700, 40), { guestOs: 'windows', startupMiB: 1024, powerOnAtS: 20 * (i + 1) }),
      ),
    ],
  },
};
