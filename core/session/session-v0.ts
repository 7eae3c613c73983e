import { z } from 'zod';
import { eventSchema } from '../scenario/event-schema';

export const sessionV0SchemaId = 'balloon-lab/session@0';

/**
 * The pre-release session format (0.x previews): live changes were kept as scenario-style
 * events timed in simulated seconds, and the position as a time, not a tick. It recorded
 * neither the engine version nor a state digest.
 */
export const sessionV0Schema = z.strictObject({
  schema: z.literal(sessionV0SchemaId),
  /** ISO 8601 time of saving. */
  savedAt: z.iso.datetime({ offset: true }),
  appVersion: z.string().min(1).max(64),
  name: z.string().max(200).optional(),
  /** Validated after migration, by the current scenario schema. */
  scenario: z.record(z.string(), z.unknown()),
  /** Live interventions, in the order applied, at simulated second `atS`. */
  liveEvents: z.array(eventSchema).max(100_000).default([]),
  /** Simulated seconds elapsed when saved. */
  currentTimeS: z
    .number()
    .min(0)
    .max(30 * 24 * 3600),
  ui: z.record(z.string().max(200), z.unknown()).optional(),
});

export type SessionV0 = z.output<typeof sessionV0Schema>;
