import { z } from 'zod';
import { hostSchema } from './host-schema';
import { policySchema } from './policy-schema';
import { vmSchema } from './vm-schema';
import { eventSchema } from './event-schema';

export const scenarioSchemaId = 'balloon-lab/scenario@1';

export const scenarioObjectSchema = z.strictObject({
  schema: z.literal(scenarioSchemaId).default(scenarioSchemaId),
  name: z.string().max(200).default('Untitled lab'),
  description: z.string().max(2000).default(''),
  /** Seed of the one PRNG the engine uses. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(42),
  /** Simulated run length, seconds. */
  durationS: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .default(3600),
  /** Simulated time per tick, milliseconds. */
  tickMs: z.number().int().min(100).max(60_000).default(1000),
  /** Trace sample interval (one row per VM per sample), simulated seconds. */
  sampleEveryS: z.number().int().min(1).max(3600).default(1),
  host: hostSchema.prefault({}),
  policy: policySchema.prefault({}),
  vms: z.array(vmSchema).max(512).default([]),
  events: z.array(eventSchema).max(100_000).default([]),
});

export type Scenario = z.infer<typeof scenarioObjectSchema>;
/** What a scenario file may contain before defaults are applied. */
export type ScenarioInput = z.input<typeof scenarioObjectSchema>;
