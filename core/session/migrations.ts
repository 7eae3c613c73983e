import type { z } from 'zod';
import { sessionV0Schema, type SessionV0 } from './session-v0';
import { sessionSchemaId } from './session-schema';

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

/**
 * @0 -> @1: times in seconds become ticks (rounded: @0 saved at tick boundaries, so
 * rounding only absorbs float error), live events become recorded interventions, and the
 * missing engine version and digest are left empty so resume knows it cannot verify.
 */
export function migrateV0ToV1(doc: SessionV0): unknown {
  const tickMs = tickMsOf(doc.scenario);
  const toTick = (timeS: number) => Math.round((timeS * 1000) / tickMs);
  const scenarioName = doc.scenario['name'];
  return {
    schema: sessionSchemaId,
    savedIso: doc.savedAt,
    app: { version: doc.appVersion, engineVersion: '' },
    name: doc.name ?? (typeof scenarioName === 'string' ? scenarioName : 'Untitled lab'),
    scenario: doc.scenario,
    interventions: doc.liveEvents.map(({ atS, ...intervention }) => ({ tick: toTick(atS), intervention })),
    tick: toTick(doc.currentTimeS),
    stateDigest: '',
    uiState: doc.ui ?? {},
  };
}

/** Every step of the chain, ordered by `from`; the last one produces the current version. */
export const sessionMigrations: readonly SessionMigration[] = [
  { from: 0, schema: sessionV0Schema, migrate: migrateV0ToV1 },
];
