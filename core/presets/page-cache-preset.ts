import type { PresetDefinition } from './preset-types';
import { ramp, steady, vm, workloadAt } from './preset-vms';

/**
 * The balloon's pages come first from memory the guest values least: cold application pages,
 * then the page cache. Dropping cache costs nothing at once, but every file page the workload
 * reads again is a miss that waits for the virtual disk.
 */
export const pageCachePreset: PresetDefinition = {
  id: 'ballooning-into-page-cache',
  name: 'Ballooning into the page cache',
  summary:
    "A file server's balloon takes its page cache: hardly anything is swapped, yet its performance falls as file reads miss the cache.",
  scenario: {
    name: 'Ballooning into the page cache',
    description:
      'An 8 GiB host. files is a 4 GiB file server: 768 MiB of application memory, 20% active, and a 2.8 GiB file set it ' +
      're-reads every few minutes, all cached. From 10 min batch ramps to a busy 5 GiB. The memory monitor sees few of the ' +
      "file server's pages touched, so the idle tax picks its memory for the balloon: the guest first swaps its cold " +
      'application pages, then drops page cache. Watch guest cache (MiB) fall in files while its perf index drops: every ' +
      'file page read again now comes from the virtual disk (page-cache misses cost time; see the performance index in docs/model.md).',
    seed: 42,
    durationS: 2400,
    host: { memoryMiB: 8192 },
    vms: [vm('batch', 6144, steady(768, 50)), vm('files', 4096, steady(768, 20, { cacheMiB: 2800 }))],
    events: [workloadAt(600, 'batch', ramp(768, 5120, 600, 90))],
  },
};
