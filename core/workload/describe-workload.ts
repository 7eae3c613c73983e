import type { WorkloadSpec } from '../scenario/workload-schema';

/** A workload in a few words with its numbers, for log lines: `ramp 512 -> 5500 MiB over 600 s, 80% active`. */
export function describeWorkload(w: WorkloadSpec): string {
  const files = `file set ${w.cacheMiB} MiB`;
  switch (w.kind) {
    case 'steady':
    case 'idle':
      return `${w.kind} ${w.demandMiB} MiB, ${w.activePct}% active, ${files}`;
    case 'ramp':
      return `ramp ${w.fromMiB} -> ${w.toMiB} MiB over ${w.overS} s from ${w.startS} s, ${w.activePct}% active, ${files}`;
    case 'phases':
      return `phases: ${w.phases
        .map((p) => `${p.demandMiB} MiB for ${p.durationS} s`)
        .slice(0, 4)
        .join(', ')}${w.phases.length > 4 ? ', ...' : ''}${w.repeat ? ' (repeating)' : ''}, ${files}`;
    case 'sine':
      return `sine ${w.meanMiB} ± ${w.amplitudeMiB} MiB every ${w.periodS} s, ${w.activePct}% active, ${files}`;
    case 'bursty':
      return `bursty ${w.baseMiB} MiB + ${w.burstMiB} MiB bursts of ${w.burstS} s about every ${w.meanGapS} s, ${w.activePct}% active, ${files}`;
    case 'trace':
      return `trace of ${w.samples.length} sample${w.samples.length === 1 ? '' : 's'}, ${files}`;
  }
}
