import { workloadSchema, type WorkloadKind, type WorkloadSpec } from '../../../core/scenario/workload-schema';

const contentKeys = ['zeroPct', 'osPct', 'compressiblePct', 'writePct', 'cacheMiB'] as const;

/** Starting points for the kinds whose schema has required lists. */
const seeds: Partial<Record<WorkloadKind, Record<string, unknown>>> = {
  phases: {
    phases: [
      { durationS: 600, demandMiB: 2048, activePct: 60 },
      { durationS: 600, demandMiB: 512, activePct: 10 },
    ],
  },
  trace: {
    samples: [
      { atS: 0, demandMiB: 512, activePct: 20 },
      { atS: 600, demandMiB: 2048, activePct: 50 },
      { atS: 1800, demandMiB: 1024, activePct: 30 },
    ],
  },
};

/**
 * A workload of another kind with that kind's defaults, keeping the page-content mix of
 * the previous one (the content describes the guest, not the demand pattern).
 */
export function switchWorkloadKind(previous: WorkloadSpec | undefined, kind: WorkloadKind): WorkloadSpec {
  const content: Record<string, unknown> = {};
  if (previous !== undefined) {
    for (const k of contentKeys) {
      const v = (previous as Record<string, unknown>)[k];
      if (typeof v === 'number') content[k] = v;
    }
  }
  const kept = workloadSchema.safeParse({ kind, ...seeds[kind], ...content });
  return kept.success ? kept.data : workloadSchema.parse({ kind, ...seeds[kind] });
}
