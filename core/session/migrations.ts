import type { z } from 'zod';
import { sessionV0Schema, type SessionV0 } from './session-v0';
import { migrateV1ToV2, sessionV1Schema, sessionV1SchemaId } from './session-v1';

/** Turns a valid document of version `from` into the plain JSON shape of version `from + 1`. */
export interface SessionMigration {
  from: number;
  /** Validates the document as version `from` so refusals name fields of that version. */
  schema: z.ZodType;
  migrate(doc: never): unknown;
}

const defaultTickMs = 1000;

/** The tick length a @0 scenario ran at; the scenario itself is validated after migration. */
function tickMsOf(scenario: Record<string, unknown>): number {
  const tickMs = scenario['tickMs'];
  return typeof tickMs === 'number' && Number.isFinite(tickMs) && tickMs > 0 ? tickMs : defaultTickMs;
}

/** The file working set every workload kind had before idle workloads got a smaller default. */
const fileSetMiBBeforeKindDefaults = 256;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An idle workload that left `cacheMiB` out meant the old default: write it down so it keeps that meaning. */
function pinIdleFileSet(workload: unknown): unknown {
  if (!isRecord(workload) || workload['kind'] !== 'idle' || 'cacheMiB' in workload) return workload;
  return { ...workload, cacheMiB: fileSetMiBBeforeKindDefaults };
}

/** The @0 scenario with every idle workload's file set pinned (VMs and scheduled events). */
function pinFileSets(scenario: Record<string, unknown>): Record<string, unknown> {
  const out = { ...scenario };
  const vms = scenario['vms'];
  if (Array.isArray(vms))
    out['vms'] = vms.map((vm) => (isRecord(vm) ? { ...vm, workload: pinIdleFileSet(vm['workload']) } : vm));
  const events = scenario['events'];
  if (Array.isArray(events))
    out['events'] = events.map((e) =>
      isRecord(e) && isRecord(e['set'])
        ? { ...e, set: { ...e['set'], workload: pinIdleFileSet(e['set']['workload']) } }
        : e,
    );
  return out;
}

/**
 * @0 -> @1: times in seconds become ticks (rounded: @0 saved at tick boundaries, so
 * rounding only absorbs float error), live events become recorded interventions, and the
 * missing engine version and digest are left empty so resume knows it cannot verify. Idle
 * workloads keep the file set they had then (see {@link pinFileSets}).
 */
export function migrateV0ToV1(doc: SessionV0): unknown {
  const tickMs = tickMsOf(doc.scenario);
  const toTick = (timeS: number) => Math.round((timeS * 1000) / tickMs);
  const scenarioName = doc.scenario['name'];
  return {
    schema: sessionV1SchemaId,
    savedIso: doc.savedAt,
    app: { version: doc.appVersion, engineVersion: '' },
    name: doc.name ?? (typeof scenarioName === 'string' ? scenarioName : 'Untitled lab'),
    scenario: pinFileSets(doc.scenario),
    interventions: doc.liveEvents.map(({ atS, ...intervention }) => ({
      tick: toTick(atS),
      intervention: {
        ...intervention,
        ...(intervention.set
          ? { set: { ...intervention.set, workload: pinIdleFileSet(intervention.set.workload) } }
          : {}),
      },
    })),
    tick: toTick(doc.currentTimeS),
    stateDigest: '',
    uiState: doc.ui ?? {},
  };
}

/** Every step of the chain, ordered by `from`; the last one produces the current version. */
export const sessionMigrations: readonly SessionMigration[] = [
  { from: 0, schema: sessionV0Schema, migrate: migrateV0ToV1 },
  { from: 1, schema: sessionV1Schema, migrate: migrateV1ToV2 },
];
