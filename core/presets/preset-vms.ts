import type { z } from 'zod';
import type { eventSchema } from '../scenario/event-schema';
import type { vmSchema } from '../scenario/vm-schema';
import type { workloadSchema } from '../scenario/workload-schema';

export type VmInput = z.input<typeof vmSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;
export type EventInput = z.input<typeof eventSchema>;
type SteadyInput = Extract<WorkloadInput, { kind: 'steady' }>;

/** A steady workload of `demandMiB` with `activePct` of it touched every sample period. */
export function steady(
  demandMiB: number,
  activePct: number,
  content: Omit<SteadyInput, 'kind' | 'demandMiB' | 'activePct'> = {},
): WorkloadInput {
  return { kind: 'steady', demandMiB, activePct, ...content };
}

/**
 * Demand growing linearly from `fromMiB` to `toMiB` over `overS` seconds from when the workload
 * is set: gradual enough for balloons to keep up, unlike a step which guests allocate at 1 GiB/s.
 */
export function ramp(fromMiB: number, toMiB: number, overS: number, activePct: number): WorkloadInput {
  return { kind: 'ramp', fromMiB, toMiB, startS: 0, overS, activePct };
}

/** A VM that keeps what it touched but barely uses it any more. */
export function idle(demandMiB = 256): WorkloadInput {
  return { kind: 'idle', demandMiB, activePct: 2 };
}

export function vm(
  id: string,
  memoryMiB: number,
  workload: WorkloadInput,
  extra: Omit<VmInput, 'id' | 'memoryMiB' | 'workload'> = {},
): VmInput {
  return { id, memoryMiB, workload, ...extra };
}

/** A scheduled change of one VM's workload. */
export function workloadAt(atS: number, vmId: string, workload: WorkloadInput): EventInput {
  return { atS, vm: vmId, set: { workload } };
}

/** `prefix01`, `prefix02`, ... */
export function numberedIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
}
