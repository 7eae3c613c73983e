import type { RecordedIntervention, Intervention } from '../../../core/scenario/event-schema';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import type { VmSettings, VmSpec } from '../../../core/scenario/vm-schema';
import { cloneJson } from './clone-json';

/** VM fields a live intervention may change (vmSettingsSchema). */
export const liveVmFields = [
  'reservationMiB',
  'limitMiB',
  'shares',
  'balloonDriver',
  'workload',
] as const satisfies readonly (keyof VmSettings)[];

const fixedVmFields = [
  'name',
  'memoryMiB',
  'guestOs',
  'powerOnAtS',
  'overheadMiB',
  'kernelMiB',
  'guestDiskLatencyUs',
] as const satisfies readonly (keyof VmSpec)[];
const fixedScenarioFields = [
  'name',
  'description',
  'seed',
  'durationS',
  'tickMs',
  'sampleEveryS',
  'host',
  'policy',
  'events',
] as const satisfies readonly (keyof Scenario)[];

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set(
    [...Object.keys(ao), ...Object.keys(bo)].filter((k) => ao[k] !== undefined || bo[k] !== undefined),
  );
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

export interface LiveChanges {
  /** One intervention per VM whose live-changeable settings differ. */
  interventions: Intervention[];
  /** Paths of changes a running session cannot take (they need a reset to tick 0). */
  refused: string[];
}

/** Turns an edited scenario into the interventions a running session can apply. */
export function liveChanges(baseline: Scenario, draft: Scenario): LiveChanges {
  const refused: string[] = [];
  for (const field of fixedScenarioFields) {
    if (!deepEqual(baseline[field], draft[field])) refused.push(field);
  }
  const interventions: Intervention[] = [];
  if (baseline.vms.length !== draft.vms.length) {
    refused.push(draft.vms.length > baseline.vms.length ? 'vms (VM added)' : 'vms (VM removed)');
  }
  const n = Math.min(baseline.vms.length, draft.vms.length);
  for (let i = 0; i < n; i++) {
    const before = baseline.vms[i]!;
    const after = draft.vms[i]!;
    if (before.id !== after.id) {
      refused.push(`vms[${i}].id`);
      continue;
    }
    for (const field of fixedVmFields) {
      if (!deepEqual(before[field], after[field])) refused.push(`vms[${i}].${field}`);
    }
    const set: Record<string, unknown> = {};
    for (const field of liveVmFields) {
      if (!deepEqual(before[field], after[field])) set[field] = after[field];
    }
    if (Object.keys(set).length > 0) interventions.push({ vm: after.id, set: set as VmSettings });
  }
  return { interventions, refused };
}

/** The scenario as it stands after the recorded live interventions (what the editor shows). */
export function withInterventions(scenario: Scenario, recorded: readonly RecordedIntervention[]): Scenario {
  const out = cloneJson(scenario);
  for (const { intervention } of recorded) {
    const vm = out.vms.find((v) => v.id === intervention.vm);
    if (vm === undefined || intervention.set === undefined) continue;
    for (const field of liveVmFields) {
      const value = intervention.set[field];
      if (value !== undefined) (vm as Record<string, unknown>)[field] = cloneJson(value);
    }
  }
  return out;
}

/** "reservationMiB, workload" for an intervention, for the recorded list. */
export function describeIntervention(i: Intervention): string {
  const parts: string[] = [];
  if (i.power !== undefined) parts.push(`power ${i.power}`);
  if (i.set !== undefined) {
    for (const [k, v] of Object.entries(i.set)) {
      if (v === undefined) continue;
      if (k === 'workload' && typeof v === 'object' && v !== null)
        parts.push(`workload ${(v as { kind: string }).kind}`);
      else parts.push(`${k} ${v === null ? 'none' : String(v)}`);
    }
  }
  return parts.join(', ');
}
