import type { WorkloadKind } from '../../../../core/scenario/workload-schema';

export interface WorkloadField {
  key: string;
  label: string;
  unit: string;
  help: string;
}

const active: WorkloadField = {
  key: 'activePct',
  label: 'Active',
  unit: '%',
  help: 'Share of the demand touched every sample period (the hot set)',
};

/** The scalar parameters of each workload kind, as the schema names them. */
export const workloadFields: Record<WorkloadKind, readonly WorkloadField[]> = {
  steady: [{ key: 'demandMiB', label: 'Demand', unit: 'MiB', help: 'Memory the workload uses' }, active],
  idle: [
    { key: 'demandMiB', label: 'Demand', unit: 'MiB', help: 'Memory touched long ago and now barely used' },
    active,
  ],
  ramp: [
    { key: 'fromMiB', label: 'From', unit: 'MiB', help: 'Demand before the ramp' },
    { key: 'toMiB', label: 'To', unit: 'MiB', help: 'Demand after the ramp' },
    { key: 'startS', label: 'Starts at', unit: 's', help: 'Simulated second the ramp begins' },
    { key: 'overS', label: 'Lasts', unit: 's', help: 'Length of the ramp' },
    active,
  ],
  phases: [],
  sine: [
    { key: 'meanMiB', label: 'Mean', unit: 'MiB', help: 'Centre of the oscillation' },
    { key: 'amplitudeMiB', label: 'Amplitude', unit: 'MiB', help: 'Swing above and below the mean' },
    { key: 'periodS', label: 'Period', unit: 's', help: 'Length of one full cycle' },
    active,
  ],
  bursty: [
    { key: 'baseMiB', label: 'Base', unit: 'MiB', help: 'Demand between bursts' },
    { key: 'burstMiB', label: 'Burst', unit: 'MiB', help: 'Extra demand during a burst' },
    {
      key: 'meanGapS',
      label: 'Mean gap',
      unit: 's',
      help: 'Average time between bursts (exponential, seeded)',
    },
    { key: 'burstS', label: 'Burst length', unit: 's', help: 'How long a burst lasts' },
    active,
  ],
  trace: [],
};

/** Page content of the demand; it decides what page sharing and compression can win. */
export const contentFields: readonly WorkloadField[] = [
  {
    key: 'zeroPct',
    label: 'Zero pages',
    unit: '%',
    help: 'Pages holding only zeros (all share one machine page)',
  },
  { key: 'osPct', label: 'OS pages', unit: '%', help: 'Pages identical across VMs with the same guest OS' },
  {
    key: 'compressiblePct',
    label: 'Compressible',
    unit: '%',
    help: 'Share of the other pages that compress to 2 KiB or less',
  },
  {
    key: 'writePct',
    label: 'Writes',
    unit: '%',
    help: 'Share of touches that write (a write breaks a shared page)',
  },
  {
    key: 'cacheMiB',
    label: 'Page cache',
    unit: 'MiB',
    help: "Page cache the workload's file I/O would like to keep",
  },
];
